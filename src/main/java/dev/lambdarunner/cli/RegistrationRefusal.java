package dev.lambdarunner.cli;

import dev.lambdarunner.gitlab.RegistrationResult;

/** Says why GitLab did not create the runner, in the operator's terms. */
final class RegistrationRefusal {

    private RegistrationRefusal() {
    }

    static String explain(RegistrationResult result, boolean legacy) {
        String call = (legacy ? "POST /api/v4/runners" : "POST /api/v4/user/runners") + " answered " + result.httpStatus();
        String detail = result.message().isEmpty() ? "" : " (" + result.message() + ")";
        String cause = switch (result.httpStatus()) {
            case 201 -> "GitLab's answer has no runner id or token";
            case 401 -> "GitLab rejected the access token: it is invalid, expired or revoked";
            case 403 -> legacy ? "GitLab rejected the registration token"
                    : "the access token may not create this runner: it needs the create_runner scope, and its user"
                    + " the Maintainer or Owner role on the project or group (administrator for --instance)";
            case 404 -> "the project or group does not exist, or the token's user cannot see it";
            case 400 -> "GitLab refused the runner's settings";
            case 410 -> "registration tokens are disabled on this GitLab: register without --legacy-registration-token";
            default -> "GitLab did not create the runner";
        };
        return "creating the runner: " + call + ": " + cause + detail + "; nothing was stored";
    }
}
