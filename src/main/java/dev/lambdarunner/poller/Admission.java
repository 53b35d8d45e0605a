package dev.lambdarunner.poller;

import dev.lambdarunner.gitlab.CallDeadlines;
import dev.lambdarunner.gitlab.dto.JobResponse;
import dev.lambdarunner.job.JobLimits;

import java.time.Duration;
import java.util.Optional;

/**
 * Decides whether the runner may ask GitLab for another job and how long a job may take. On a workstation
 * the answer is always yes; in Lambda only while the invocation can still finish a job of the longest
 * allowed duration, because a job once assigned must be run and reported.
 */
public interface Admission {

    /** May another {@code jobs/request} be sent now? */
    boolean mayRequestJob();

    /**
     * When GitLab calls must stop, retries and waits included: a {@code jobs/request} retry is sent only while
     * {@link #mayRequestJob()} would still say yes, and every other call (the final reports too) ends in time.
     * None on a workstation.
     */
    default CallDeadlines callDeadlines() {
        return CallDeadlines.NONE;
    }

    /** The limits of a job just received. */
    JobLimits limitsFor(JobResponse job);

    /** Why {@link #mayRequestJob()} said no, for the summary. */
    default String refusal() {
        return "no time left for another job";
    }

    /**
     * How long the session may go without a job before it ends: once no job is running and this long has passed
     * since the session started or its last job ended, the next answer without a job ({@code 204}, or a request
     * that failed after its retries) ends polling. Empty (the workstation default): poll until stopped.
     */
    default Optional<Duration> idleLimit() {
        return Optional.empty();
    }
}
