package dev.lambdarunner.poller;

import dev.lambdarunner.gitlab.dto.JobResponse;
import dev.lambdarunner.job.JobLimits;

/**
 * Decides whether the runner may ask GitLab for another job and how long a job may take. On a workstation
 * the answer is always yes; in Lambda only while the invocation can still finish a job of the longest
 * allowed duration, because a job once assigned must be run and reported.
 */
public interface Admission {

    /** May another {@code jobs/request} be sent now? */
    boolean mayRequestJob();

    /** The limits of a job just received. */
    JobLimits limitsFor(JobResponse job);

    /** Why {@link #mayRequestJob()} said no, for the summary. */
    default String refusal() {
        return "no time left for another job";
    }
}
