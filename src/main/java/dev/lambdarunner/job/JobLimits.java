package dev.lambdarunner.job;

import java.time.Duration;
import java.time.Instant;

/**
 * Time limits for one job, fixed when it is accepted.
 *
 * @param maxJobTimeout the runner's own cap on any job's script time
 * @param hardDeadline  the instant at which the job is stopped, whatever happens, so that it can still be reported
 *                      (the Lambda invocation's end minus its reserve; {@link Instant#MAX} on a workstation)
 * @param reportBy      the instant by which its final report must be over, or given up (the Lambda invocation's
 *                      end minus a margin for answering the invocation; {@link Instant#MAX} on a workstation)
 */
public record JobLimits(Duration maxJobTimeout, Instant hardDeadline, Instant reportBy) {

    /** gitlab-runner's default when GitLab sends no timeout. */
    static final Duration DEFAULT_JOB_TIMEOUT = Duration.ofHours(2);

    public static JobLimits unbounded(Duration maxJobTimeout) {
        return new JobLimits(maxJobTimeout, Instant.MAX, Instant.MAX);
    }

    /** The script deadline: the job's own timeout (capped by the runner's), never past the hard deadline. */
    Instant scriptDeadline(Instant start, long gitlabTimeoutSeconds) {
        Instant own = start.plus(effectiveTimeout(gitlabTimeoutSeconds));
        return own.isBefore(hardDeadline) ? own : hardDeadline;
    }

    /**
     * Which limit sets {@link #scriptDeadline}, for the job log of a job it stopped: GitLab's job timeout, the
     * runner's maximum, or the hard deadline (the Lambda invocation's deadline).
     */
    String scriptLimit(Instant start, long gitlabTimeoutSeconds) {
        if (!start.plus(effectiveTimeout(gitlabTimeoutSeconds)).isBefore(hardDeadline)) {
            return "the Lambda invocation's deadline (its end minus runner.lambda.reserve, to report the job in time)";
        }
        if (gitlabTimeoutSeconds > 0 && Duration.ofSeconds(gitlabTimeoutSeconds).compareTo(maxJobTimeout) <= 0) {
            return "the job's timeout of " + Duration.ofSeconds(gitlabTimeoutSeconds) + " set in GitLab";
        }
        if (gitlabTimeoutSeconds <= 0 && DEFAULT_JOB_TIMEOUT.compareTo(maxJobTimeout) <= 0) {
            return "the default job timeout of " + DEFAULT_JOB_TIMEOUT + " (GitLab sent none)";
        }
        return "the runner's maximum job timeout of " + maxJobTimeout + " (runner.max-job-timeout)";
    }

    /** The effective job timeout to show in {@code CI_JOB_TIMEOUT}. */
    Duration effectiveTimeout(long gitlabTimeoutSeconds) {
        Duration jobTimeout = gitlabTimeoutSeconds > 0 ? Duration.ofSeconds(gitlabTimeoutSeconds) : DEFAULT_JOB_TIMEOUT;
        return min(jobTimeout, maxJobTimeout);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
