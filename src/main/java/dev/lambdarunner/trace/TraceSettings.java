package dev.lambdarunner.trace;

import dev.lambdarunner.gitlab.Sleeper;

import java.time.Duration;
import java.util.Objects;

/**
 * How one job's trace is shipped.
 *
 * @param patchInterval       longest pause between two trace PATCHes; GitLab may ask for shorter, never longer
 * @param keepAliveInterval   a {@code PUT state=running} is sent when nothing was sent for this long
 * @param finalUpdateAttempts how often the final PATCH+PUT sequence is tried before giving up
 * @param outputLimitBytes    bytes of log kept; see {@link TraceBuffer}
 * @param debugTrace          {@code CI_DEBUG_TRACE} is on: GitLab marks the log as a debug trace
 * @param sleeper             waits between patches and retries; tests pass one that does not sleep
 */
public record TraceSettings(Duration patchInterval, Duration keepAliveInterval, int finalUpdateAttempts,
                            long outputLimitBytes, boolean debugTrace, Sleeper sleeper) {

    public TraceSettings {
        requirePositive(patchInterval, "patch interval");
        requirePositive(keepAliveInterval, "keep-alive interval");
        Objects.requireNonNull(sleeper, "sleeper");
        if (finalUpdateAttempts < 1) {
            throw new IllegalArgumentException("creating trace settings: final update attempts must be at least 1");
        }
        if (outputLimitBytes < 0) {
            throw new IllegalArgumentException("creating trace settings: output limit must not be negative");
        }
    }

    private static void requirePositive(Duration d, String what) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("creating trace settings: " + what + " must be positive");
        }
    }
}
