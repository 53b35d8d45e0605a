package dev.lambdarunner.poller;

import dev.lambdarunner.gitlab.GitLabConnection;
import dev.lambdarunner.gitlab.HttpGitLabRunnerApi;
import dev.lambdarunner.gitlab.RetryPolicy;
import dev.lambdarunner.gitlab.RunnerInfo;
import dev.lambdarunner.gitlab.Sleeper;
import dev.lambdarunner.gitlab.dto.JobResponse;
import dev.lambdarunner.job.JobLimits;
import dev.lambdarunner.testsupport.FakeGitLab;
import dev.lambdarunner.testsupport.FakeRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a poll session ends (token rejected, idle, no time left) against the fake GitLab over loopback, through the
 * real HTTP client. No job is handed over, so no job engine is needed; time is a fixed clock.
 */
class PollerTest {

    private static final Clock FROZEN = Clock.fixed(Instant.parse("2026-12-05T09:00:00Z"), ZoneOffset.UTC);
    private static final int MAX_FORBIDDEN = 3;
    private static final PollSettings SETTINGS = new PollSettings(1, Duration.ofMillis(1), false, Duration.ZERO,
            MAX_FORBIDDEN);
    private static final String JOB_REQUESTS = "/api/v4/jobs/request";

    private final FakeGitLab gitLab = FakeGitLab.start().longPoll(Duration.ZERO);

    @AfterEach
    void stop() {
        gitLab.close();
    }

    /** Admits {@code admitted} job requests, then refuses; each refusal text names how often it was asked. */
    private static final class CountingAdmission implements Admission {
        private final AtomicInteger left;
        private final AtomicInteger refusals = new AtomicInteger();
        private final Optional<Duration> idleLimit;

        CountingAdmission(int admitted, Optional<Duration> idleLimit) {
            this.left = new AtomicInteger(admitted);
            this.idleLimit = idleLimit;
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
        public Optional<Duration> idleLimit() {
            return idleLimit;
        }
    }

    private HttpGitLabRunnerApi client(String token) {
        GitLabConnection connection = new GitLabConnection(URI.create(gitLab.url()), dev.lambdarunner.sensitive.Secret.of(token), "s_0123456789ab",
                RunnerInfo.current("test"), Duration.ofSeconds(10), Duration.ofSeconds(10));
        // one attempt: a failed request is answered at once, nothing waits
        return new HttpGitLabRunnerApi(connection, new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 2.0, 0.0,
                Sleeper.REAL));
    }

    private PollSummary poll(String token, Admission admission) {
        return new Poller(client(token), null, SETTINGS, admission, FROZEN).run();
    }

    private int jobRequests() {
        return gitLab.requests("POST", JOB_REQUESTS).size();
    }

    @Test
    void aRejectedRunnerToken_stopsPollingAfterTheConfiguredNumberOf403s() {
        PollSummary summary = poll("glrt-not-registered", new CountingAdmission(100, Optional.empty()));

        assertThat(summary.stopCause()).isEqualTo(PollSummary.StopCause.TOKEN_REJECTED);
        assertThat(summary.runnerCanWork()).isFalse();
        assertThat(summary.detail()).contains("403 on POST /api/v4/jobs/request");
        assertThat(jobRequests()).isEqualTo(MAX_FORBIDDEN);
    }

    @Test
    void only403sInARowCount_anAnswerInBetweenStartsAgain() {
        FakeRunner runner = gitLab.addRunner();
        gitLab.faults().failNext(JOB_REQUESTS, 403, MAX_FORBIDDEN - 1);

        PollSummary first = poll(runner.token(), new CountingAdmission(MAX_FORBIDDEN + 2, Optional.empty()));
        gitLab.faults().failNext(JOB_REQUESTS, 403, MAX_FORBIDDEN - 1);
        PollSummary again = poll(runner.token(), new CountingAdmission(MAX_FORBIDDEN - 1, Optional.empty()));

        assertThat(first.stopCause()).isEqualTo(PollSummary.StopCause.NO_TIME_LEFT);
        assertThat(again.stopCause()).as("fewer 403s than the limit").isEqualTo(PollSummary.StopCause.NO_TIME_LEFT);
        assertThat(jobRequests()).isEqualTo(MAX_FORBIDDEN + 2 + MAX_FORBIDDEN - 1);
        gitLab.assertNoViolations();
    }

    @Test
    void anIdleLimitThatIsReached_endsPollingAtTheFirstEmptyAnswer() {
        FakeRunner runner = gitLab.addRunner();

        PollSummary summary = poll(runner.token(), new CountingAdmission(100, Optional.of(Duration.ZERO)));

        assertThat(summary.stopCause()).isEqualTo(PollSummary.StopCause.IDLE);
        assertThat(summary.detail()).startsWith("no job pending: no job for 0 ms");
        assertThat(summary.runnerCanWork()).isTrue();
        assertThat(jobRequests()).isEqualTo(1);
        gitLab.assertNoViolations();
    }

    @Test
    void anIdleLimitNotYetReached_keepsPolling() {
        FakeRunner runner = gitLab.addRunner();

        PollSummary summary = poll(runner.token(), new CountingAdmission(4, Optional.of(Duration.ofMinutes(1))));

        assertThat(summary.stopCause()).as("the clock stands still: never idle for a minute")
                .isEqualTo(PollSummary.StopCause.NO_TIME_LEFT);
        assertThat(jobRequests()).isEqualTo(4);
    }

    @Test
    void noJobRequestIsSent_whenNoJobFitsAnyMore() {
        FakeRunner runner = gitLab.addRunner();

        PollSummary summary = poll(runner.token(), new CountingAdmission(0, Optional.empty()));

        assertThat(summary.stopCause()).isEqualTo(PollSummary.StopCause.NO_TIME_LEFT);
        assertThat(summary.detail()).as("asked again after the jobs were drained").isEqualTo("refusal 2");
        assertThat(jobRequests()).isZero();
    }

    @Test
    void aRequestFailingAfterItsRetriesWhenNoJobFitsAnyMore_endsWithNoTimeLeftNotIdle() {
        FakeRunner runner = gitLab.addRunner();
        gitLab.faults().failNext(JOB_REQUESTS, 503, 10);

        PollSummary summary = poll(runner.token(), new CountingAdmission(1, Optional.of(Duration.ZERO)));

        assertThat(summary.stopCause()).isEqualTo(PollSummary.StopCause.NO_TIME_LEFT);
        assertThat(jobRequests()).isEqualTo(1);
    }
}
