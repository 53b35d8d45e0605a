package dev.lambdarunner.poller;

import dev.lambdarunner.gitlab.GitLabRunnerApi;
import dev.lambdarunner.gitlab.PatchResult;
import dev.lambdarunner.gitlab.RequestJobResult;
import dev.lambdarunner.gitlab.UpdateResult;
import dev.lambdarunner.gitlab.VerifyResult;
import dev.lambdarunner.gitlab.dto.JobResponse;
import dev.lambdarunner.gitlab.dto.UpdateJobRequest;
import dev.lambdarunner.job.JobLimits;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** How a poll session ends when time runs out; no job is handed over, so no job engine is needed. */
class PollerTest {

    private static final PollSettings SETTINGS = new PollSettings(1, Duration.ofMillis(1), false, Duration.ZERO, 3);

    /** Admits {@code admitted} job requests, then refuses; each refusal text names how often it was asked. */
    private static final class CountingAdmission implements Admission {
        private final AtomicInteger left;
        private final AtomicInteger refusals = new AtomicInteger();

        CountingAdmission(int admitted) {
            left = new AtomicInteger(admitted);
        }

        @Override
        public boolean mayRequestJob() {
            return left.getAndDecrement() > 0;
        }

        @Override
        public JobLimits limitsFor(JobResponse job) {
            throw new AssertionError("no job is handed over");
        }

        @Override
        public String refusal() {
            return "refusal " + refusals.incrementAndGet();
        }

        @Override
        public java.util.Optional<Duration> idleLimit() {
            return java.util.Optional.of(Duration.ZERO);
        }
    }

    /** Every jobs/request fails after its retries (e.g. 503s whose retries the deadline cut short). */
    private static final class FailingGitLab implements GitLabRunnerApi {
        final AtomicInteger requests = new AtomicInteger();

        @Override
        public VerifyResult verifyRunner() {
            throw new AssertionError();
        }

        @Override
        public RequestJobResult requestJob(String lastUpdate) {
            requests.incrementAndGet();
            return RequestJobResult.of(RequestJobResult.State.RETRY, lastUpdate, 503);
        }

        @Override
        public UpdateResult updateJob(long jobId, String jobToken, UpdateJobRequest request) {
            throw new AssertionError();
        }

        @Override
        public PatchResult patchTrace(long jobId, String jobToken, byte[] chunk, long offset, boolean debugTrace) {
            throw new AssertionError();
        }
    }

    @Test
    void aRequestFailingAfterItsRetriesWhenNoJobFitsAnyMore_endsWithNoTimeLeftNotIdle() {
        FailingGitLab gitlab = new FailingGitLab();
        CountingAdmission admission = new CountingAdmission(1);

        PollSummary summary = new Poller(gitlab, null, SETTINGS, admission).run();

        assertThat(summary.stopCause()).isEqualTo(PollSummary.StopCause.NO_TIME_LEFT);
        assertThat(gitlab.requests).hasValue(1);
    }

    @Test
    void theNoTimeLeftDetailIsTakenWhenTheSummaryIsWritten() {
        CountingAdmission admission = new CountingAdmission(0);

        PollSummary summary = new Poller(new FailingGitLab(), null, SETTINGS, admission).run();

        assertThat(summary.stopCause()).isEqualTo(PollSummary.StopCause.NO_TIME_LEFT);
        assertThat(summary.detail()).as("asked again after the jobs were drained").isEqualTo("refusal 2");
    }
}
