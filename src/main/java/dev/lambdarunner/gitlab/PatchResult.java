package dev.lambdarunner.gitlab;

import java.time.Duration;
import java.util.Optional;

/**
 * The answer to a trace PATCH. {@code serverOffset} is the length GitLab says it holds
 * (from its {@code Range: 0-N} header, or -1 when absent).
 */
public record PatchResult(State state, long serverOffset, JobStatus jobStatus,
                          Optional<Duration> updateInterval, int httpStatus) {

    public enum State {
        /** 202: appended. */
        ACCEPTED,
        /** 416: GitLab holds a different length; continue from {@code serverOffset}. */
        RANGE_MISMATCH,
        /** 403 or {@code Job-Status: failed|canceled}: the job is over on GitLab's side. */
        ABORT,
        /** 404: the job is gone; stop sending the trace. */
        NOT_FOUND,
        /** 409, 429, 5xx after retries: try again later. */
        RETRY
    }

    public boolean cancelRequested() {
        return jobStatus.cancelRequested();
    }
}
