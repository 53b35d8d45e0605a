package dev.lambdarunner.sandbox;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a sandboxed process ended.
 *
 * @param exitCode  the process's exit code; for a stopped process whatever it returned (e.g. 1 after a graceful
 *                  Terraform stop, 137 after a forced kill), so callers decide on {@code stoppedBy}, not on this
 * @param stoppedBy why the sandbox stopped the process, empty if it ended on its own
 * @param elapsed   wall time from start until the process ended
 */
public record SandboxResult(int exitCode, Optional<StopReason> stoppedBy, Duration elapsed) {
    public SandboxResult {
        Objects.requireNonNull(stoppedBy, "stoppedBy");
        Objects.requireNonNull(elapsed, "elapsed");
    }
}
