package dev.lambdarunner.gitlab;

import dev.lambdarunner.testsupport.FakeTime;
import dev.lambdarunner.testsupport.Answer;
import org.junit.jupiter.api.extension.RegisterExtension;
import dev.lambdarunner.gitlab.RequestJobResult.State;
import dev.lambdarunner.gitlab.dto.UpdateJobRequest;
import dev.lambdarunner.gitlab.dto.UpdateJobRequest.TraceOutput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.lambdarunner.testsupport.FakeTime.START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Retries, {@code Retry-After} and backoff within the caller's {@link CallDeadlines}: a {@code jobs/request} never
 * goes out after its last instant, other calls end by theirs. Time is a {@link FakeTime}: waits take none.
 */
class HttpGitLabRunnerApiDeadlineTest {

    private static final String JOB_TOKEN = RunnerApiFixture.JOB_TOKEN;
    private static final UpdateJobRequest FINAL = new UpdateJobRequest("success", null, null,
            new TraceOutput("crc32:0a1b2c3d", 12));

    @RegisterExtension
    final RunnerApiFixture gitlab = new RunnerApiFixture();
    private final FakeTime clock = new FakeTime();

    @ParameterizedTest(name = "Retry-After 12 s, last jobs/request at +{0} s: {1} after {3} request(s)")
    @CsvSource({"11, RETRY, 503, 1", "12, LONG_POLL_ENDED, 204, 2"})
    void requestJob_retryAfter_isWaitedForOnlyWhenItEndsByTheLastJobRequest(int lastRequest, State state,
                                                                            int httpStatus, int requests) {
        gitlab.answer(Answer.of(503, Map.of("Retry-After", "12")), Answer.of(204));
        var api = gitlab.api(clock, new CallDeadlines(START.plusSeconds(lastRequest), START.plusSeconds(900)));

        RequestJobResult result = api.requestJob("sent-value");

        assertThat(result.state()).isEqualTo(state);
        assertThat(result.httpStatus()).isEqualTo(httpStatus);
        assertThat(gitlab.received()).as("no retry goes out with less time left than a job needs").hasSize(requests);
        assertThat(clock.sleeps()).as("the one wait, only for a retry that goes out")
                .isEqualTo(requests == 2 ? List.of(Duration.ofSeconds(12)) : List.of());
    }

    @Test
    void requestJob_backoffStopsWhereTheNextAttemptWouldBeLate() {
        // Backoff 100 ms, 200 ms, 400 ms (within 10 % jitter): the third retry would start after 0.65 s.
        gitlab.answer(Answer.of(502), Answer.of(502), Answer.of(502), Answer.of(502), Answer.of(204));
        var api = gitlab.api(clock, new CallDeadlines(START.plusMillis(500), START.plusSeconds(900)));

        RequestJobResult result = api.requestJob("sent-value");

        assertThat(result.state()).isEqualTo(State.RETRY);
        assertThat(gitlab.received()).hasSize(3);
        assertThat(clock.instant()).isBeforeOrEqualTo(START.plusMillis(500));
    }

    @Test
    void requestJob_afterTheLastJobRequest_sendsNothing() {
        var api = gitlab.api(clock, new CallDeadlines(START.minusMillis(1), START.plusSeconds(900)));

        assertThatThrownBy(() -> api.requestJob(null))
                .isInstanceOf(GitLabApiException.class)
                .hasMessage("POST /api/v4/jobs/request: not sent, no time left before its deadline");
        assertThat(gitlab.received()).isEmpty();
    }

    @Test
    void updateJob_fastRetryAfterStorm_endsBeforeTheCallsEnd() {
        for (int i = 0; i < 5; i++) {
            gitlab.answer(Answer.of(503, Map.of("Retry-After", "5")));
        }
        Instant end = START.plusSeconds(12);
        var api = gitlab.api(clock, new CallDeadlines(START, end));

        UpdateResult result = api.updateJob(42, RunnerApiFixture.JOB_SECRET, FINAL);

        assertThat(result.state()).isEqualTo(UpdateResult.State.FAILED);
        assertThat(result.httpStatus()).isEqualTo(503);
        // at 0, 5 and 10 s; one at 15 s would start after the last useful instant (end minus one second)
        assertThat(gitlab.received()).hasSize(3);
        assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(5));
        assertThat(clock.instant()).isBefore(end);
    }

    @Test
    void updateJob_attemptTimeout_isShortenedToTheTimeLeft() throws InterruptedException {
        // The connection's call timeout is 5 s; 1.05 s are left, so the answer 3 s later comes too late.
        gitlab.answer(Answer.of(200).delayedBy(Duration.ofSeconds(3)), Answer.of(200));
        var api = gitlab.api(clock, new CallDeadlines(START, START.plusMillis(1050)));

        assertThatThrownBy(() -> api.updateJob(42, RunnerApiFixture.JOB_SECRET, FINAL))
                .isInstanceOf(GitLabApiException.class)
                .hasMessage("PUT /api/v4/jobs/42: timed out waiting for the answer");
        assertThat(gitlab.awaitReceived(1)).hasSize(1);
    }

    @Test
    void noDeadline_retriesAsBefore() {
        gitlab.answer(Answer.of(503, Map.of("Retry-After", "30")), Answer.of(503, Map.of("Retry-After", "30")),
                Answer.of(200));
        var api = gitlab.api(clock, CallDeadlines.NONE);

        assertThat(api.updateJob(42, RunnerApiFixture.JOB_SECRET, FINAL).state()).isEqualTo(UpdateResult.State.ACCEPTED);
        assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(30), Duration.ofSeconds(30));
    }
}
