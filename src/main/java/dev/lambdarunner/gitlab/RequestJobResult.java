package dev.lambdarunner.gitlab;

import dev.lambdarunner.gitlab.dto.JobResponse;

import java.util.Optional;

/**
 * The answer to {@code jobs/request}. {@code lastUpdate} is the queue value to send next time
 * (the {@code X-GitLab-Last-Update} header when GitLab sent one, else the value we sent).
 */
public record RequestJobResult(State state, Optional<JobResponse> job, String lastUpdate, int httpStatus) {

    public enum State {
        /** 201: a job was assigned to this runner. */
        JOB,
        /** 204: nothing to do now. */
        NO_JOB,
        /**
         * 204 without {@code X-GitLab-Last-Update} to a request that sent {@code last_update}: GitLab's
         * long poll (Workhorse) ended, usually because the queue changed. Ask again at once.
         */
        LONG_POLL_ENDED,
        /** 403: the runner token is invalid, expired or the runner was deleted. */
        FORBIDDEN,
        /** 409, 429, 5xx after retries, or anything unexpected: try again after the check interval. */
        RETRY
    }

    public static RequestJobResult job(JobResponse job) {
        return new RequestJobResult(State.JOB, Optional.of(job), null, 201);
    }

    public static RequestJobResult noJob(String lastUpdate) {
        return new RequestJobResult(State.NO_JOB, Optional.empty(), lastUpdate, 204);
    }

    public static RequestJobResult of(State state, String lastUpdate, int status) {
        return new RequestJobResult(state, Optional.empty(), lastUpdate, status);
    }
}
