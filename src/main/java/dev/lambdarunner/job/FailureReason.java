package dev.lambdarunner.job;

import java.util.Collection;
import java.util.Locale;

/**
 * Why a job failed, named as GitLab names it. A closed list: GitLab accepts only the reasons a job's
 * {@code features.failure_reasons} lists, plus the three every server accepts; {@link #forServer} maps
 * the rest the way gitlab-runner does.
 */
public enum FailureReason {
    SCRIPT_FAILURE,
    RUNNER_SYSTEM_FAILURE,
    JOB_EXECUTION_TIMEOUT,
    RUNNER_CONFIGURATION_ERROR,
    RUNNER_EXTERNAL_DEPENDENCY_FAILURE,
    RUNNER_INTERRUPTED,
    JOB_CANCELED,
    UNKNOWN_FAILURE;

    /** The wire name, e.g. {@code script_failure}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The name to send to a server that accepts {@code supported} (the job's {@code features.failure_reasons}). */
    public String forServer(Collection<String> supported) {
        if (this == SCRIPT_FAILURE || this == RUNNER_SYSTEM_FAILURE || this == JOB_EXECUTION_TIMEOUT
                || supported.contains(wireName())) {
            return wireName();
        }
        return switch (this) {
            case RUNNER_CONFIGURATION_ERROR -> SCRIPT_FAILURE.wireName();
            case RUNNER_EXTERNAL_DEPENDENCY_FAILURE -> RUNNER_SYSTEM_FAILURE.wireName();
            default -> UNKNOWN_FAILURE.wireName();
        };
    }
}
