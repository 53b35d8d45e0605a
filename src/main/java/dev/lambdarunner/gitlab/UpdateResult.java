package dev.lambdarunner.gitlab;

import java.time.Duration;
import java.util.Optional;

/** The answer to {@code PUT /jobs/:id}. */
public record UpdateResult(State state, JobStatus jobStatus, Optional<Duration> retryAfter, int httpStatus) {

    public enum State {
        /** 200: GitLab took the update. */
        ACCEPTED,
        /** 202: GitLab is still persisting the trace; send the same update again after {@code retryAfter}. */
        PENDING,
        /** 403/404 or {@code Job-Status: failed|canceled}: the job is gone; stop, report nothing more. */
        ABORT,
        /** Anything else (400, 5xx after retries): the update did not land. */
        FAILED
    }

    public boolean cancelRequested() {
        return jobStatus.cancelRequested();
    }
}
