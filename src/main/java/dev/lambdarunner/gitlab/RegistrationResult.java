package dev.lambdarunner.gitlab;

import java.util.Optional;

/**
 * GitLab's answer to creating a runner.
 *
 * @param httpStatus 201 when the runner was created
 * @param runnerId   the new runner's id (201 only)
 * @param token      the new runner's authentication token (201 only); never printed
 * @param message    GitLab's error message for other statuses ({@code message} or {@code error} of the body,
 *                   cut to 200 characters), else empty
 */
public record RegistrationResult(int httpStatus, Optional<Long> runnerId, Optional<String> token, String message) {

    public boolean created() {
        return httpStatus == 201 && runnerId.isPresent() && token.isPresent();
    }

    @Override
    public String toString() {
        return "RegistrationResult[httpStatus=" + httpStatus + ", runnerId=" + runnerId + ", token="
                + token.map(t -> "[MASKED]").orElse("none") + ", message=" + message + "]";
    }
}
