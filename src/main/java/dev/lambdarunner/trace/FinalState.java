package dev.lambdarunner.trace;

import java.util.Objects;

/**
 * The state reported in the final {@code PUT /jobs/:id}.
 *
 * @param state         {@code success} or {@code failed}
 * @param failureReason a reason name GitLab accepts, only with {@code failed}
 * @param exitCode      the script's exit code; {@code null} when 0 or unknown (GitLab omits 0)
 */
public record FinalState(String state, String failureReason, Integer exitCode) {

    public FinalState {
        Objects.requireNonNull(state, "state");
        exitCode = exitCode == null || exitCode == 0 ? null : exitCode;
    }

    public static FinalState success() {
        return new FinalState("success", null, null);
    }

    public static FinalState failed(String reason, Integer exitCode) {
        return new FinalState("failed", reason, exitCode);
    }
}
