package dev.lambdarunner.lambda;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.lambdarunner.poller.PollSummary;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.Locale;

/**
 * What a poll invocation returns:
 * {@code {"jobs_run":N,"succeeded":N,"failed":N,"stopped":"<cause>","detail":"..."}}. {@code stopped} is
 * {@code idle} (no job pending), {@code no_time_left} (the invocation cannot fit another job),
 * {@code token_rejected} (GitLab refused the runner token) or {@code misconfigured} (nothing polled: see
 * {@code detail}).
 */
@RegisterForReflection
record PollReport(@JsonProperty("jobs_run") int jobsRun, @JsonProperty("succeeded") int succeeded,
                  @JsonProperty("failed") int failed, @JsonProperty("stopped") String stopped,
                  @JsonProperty("detail") String detail) {

    static final String MISCONFIGURED = "misconfigured";

    static PollReport of(PollSummary summary) {
        return new PollReport(summary.jobsRun(), summary.succeeded(), summary.failed(),
                summary.stopCause().name().toLowerCase(Locale.ROOT), summary.detail());
    }

    /** Nothing was polled. */
    static PollReport refused(String stopped, String detail) {
        return new PollReport(0, 0, 0, stopped, detail);
    }
}
