package dev.lambdarunner.gitlab;

import dev.lambdarunner.sensitive.Secret;
import java.util.Optional;

/**
 * GitLab's answer to creating a runner.
 *
 * @param httpStatus 201 when the runner was created
 * @param runnerId   the new runner's id (201 only)
 * @param token      the new runner's authentication token (201 only); prints as {@code [MASKED]}
 * @param message    GitLab's error message for other statuses ({@code message} or {@code error} of the body,
 *                   cut to 200 characters), else empty
 */
public record RegistrationResult(int httpStatus, Optional<Long> runnerId, Optional<Secret> token, String message) {

    public boolean created() {
        return httpStatus == 201 && runnerId.isPresent() && token.isPresent();
    }
}
