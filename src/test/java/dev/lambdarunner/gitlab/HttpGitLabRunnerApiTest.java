package dev.lambdarunner.gitlab;

import dev.lambdarunner.testsupport.FakeTime;
import dev.lambdarunner.testsupport.Answer;
import org.junit.jupiter.api.extension.RegisterExtension;
import dev.lambdarunner.sensitive.Secret;
import com.fasterxml.jackson.databind.JsonNode;
import dev.lambdarunner.gitlab.RequestJobResult.State;
import dev.lambdarunner.gitlab.dto.JobResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code jobs/request} and the retry/transport layer against a scripted GitLab, GLR {@code TestGitLabClient_RequestJob} style. */
class HttpGitLabRunnerApiTest {

    @RegisterExtension
    final RunnerApiFixture gitlab = new RunnerApiFixture();
    private final FakeTime sleeper = new FakeTime();
    private final HttpGitLabRunnerApi api = gitlab.api(sleeper);

    /** One row: what GitLab answers in turn, and what {@code requestJob("sent-value")} must return. */
    record Case(String name, List<Answer> answers, State state, String lastUpdate, int status, int attempts) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> requestJobCases() {
        Answer unavailable = Answer.of(503);
        return Stream.of(
                new Case("204 with X-GitLab-Last-Update adopts the new queue value",
                        List.of(Answer.of(204, Map.of("X-GitLab-Last-Update", "new-value"))), State.NO_JOB, "new-value", 204, 1),
                new Case("204 without X-GitLab-Last-Update to a long poll: the poll ended, ask again at once",
                        List.of(Answer.of(204)), State.LONG_POLL_ENDED, "sent-value", 204, 1),
                new Case("204 with an empty X-GitLab-Last-Update keeps the sent value",
                        List.of(Answer.of(204, Map.of("X-GitLab-Last-Update", ""))), State.LONG_POLL_ENDED, "sent-value", 204, 1),
                new Case("403 means the runner token is no good",
                        List.of(Answer.json(403, "{\"message\":\"403 Forbidden\"}")), State.FORBIDDEN, "sent-value", 403, 1),
                new Case("409 (lost a race) is retried later, not by the retry layer",
                        List.of(Answer.of(409)), State.RETRY, "sent-value", 409, 1),
                new Case("400 is not retried by the retry layer",
                        List.of(Answer.json(400, "{\"error\":\"token is missing\"}")), State.RETRY, "sent-value", 400, 1),
                new Case("503 burst then 204 is retried through",
                        List.of(unavailable, unavailable, unavailable, Answer.of(204)), State.LONG_POLL_ENDED, "sent-value", 204, 4),
                new Case("500 five times gives up after exactly 5 attempts",
                        List.of(Answer.of(500), Answer.of(500), Answer.of(500), Answer.of(500), Answer.of(500)),
                        State.RETRY, "sent-value", 500, 5),
                new Case("429 five times gives up after exactly 5 attempts",
                        List.of(Answer.of(429), Answer.of(429), Answer.of(429), Answer.of(429), Answer.of(429)),
                        State.RETRY, "sent-value", 429, 5),
                new Case("status 512 and up is retried like a 5xx",
                        List.of(Answer.of(520), Answer.of(204)), State.LONG_POLL_ENDED, "sent-value", 204, 2),
                new Case("501 is not retried",
                        List.of(Answer.of(501)), State.RETRY, "sent-value", 501, 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requestJobCases")
    void requestJob_mapsEachAnswer(Case c) {
        gitlab.answer(c.answers().toArray(Answer[]::new));

        RequestJobResult result = api.requestJob("sent-value");

        assertThat(result.state()).isEqualTo(c.state());
        assertThat(result.job()).isEmpty();
        assertThat(result.lastUpdate()).isEqualTo(c.lastUpdate());
        assertThat(result.httpStatus()).isEqualTo(c.status());
        assertThat(gitlab.received()).hasSize(c.attempts());
        assertThat(sleeper.sleeps()).hasSize(c.attempts() - 1)
                .allSatisfy(d -> assertThat(d).isBetween(Duration.ZERO, Duration.ofSeconds(60)));
        assertThat(gitlab.received()).allSatisfy(r -> assertThat(r.json().path("last_update").asText()).isEqualTo("sent-value"));
    }

    @Test
    void requestJob_withoutLastUpdate_omitsTheField() {
        gitlab.answer(Answer.of(204, Map.of("X-GitLab-Last-Update", "first")));

        RequestJobResult result = api.requestJob(null);

        assertThat(gitlab.only().json().has("last_update")).isFalse();
        assertThat(result.lastUpdate()).isEqualTo("first");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {Samples.WIRE_CAPTURE_11_4_5, Samples.RUNNER_TESTFIXTURE, Samples.SPEC_COMPOSITE})
    void requestJob_201_parsesRealPayloads(String sample) {
        gitlab.answer(Answer.json(201, Samples.text(sample)));
        JsonNode expected = Samples.json(sample);

        RequestJobResult result = api.requestJob("sent-value");

        assertThat(result.state()).isEqualTo(State.JOB);
        assertThat(result.httpStatus()).isEqualTo(201);
        JobResponse job = result.job().orElseThrow();
        assertThat(job.id()).isEqualTo(expected.path("id").asLong());
        assertThat(job.token().value()).isEqualTo(expected.path("token").asText());
        assertThat(job.jobInfo().name()).isEqualTo(expected.path("job_info").path("name").asText());
        assertThat(job.gitInfo().sha()).isEqualTo(expected.path("git_info").path("sha").asText());
        assertThat(job.runnerInfo().timeout()).isEqualTo(3600);
        assertThat(job.variables()).hasSize(expected.path("variables").size());
        assertThat(job.steps()).hasSize(expected.path("steps").size());
        assertThat(job.steps().get(0).script()).isNotEmpty();
    }

    @Test
    void requestJob_201_oldServerNullsBecomeEmpty() {
        gitlab.answer(Answer.json(201, Samples.text(Samples.WIRE_CAPTURE_11_4_5)));

        JobResponse job = api.requestJob(null).job().orElseThrow();

        assertThat(job.artifacts()).isEmpty();
        assertThat(job.dependencies()).isEmpty();
        assertThat(job.variables()).filteredOn(v -> v.key().equals("CI_JOB_TOKEN"))
                .singleElement().satisfies(v -> assertThat(v.isPublic()).isFalse());
    }

    @Test
    void requestJob_503BurstThen201_sendsFreshRequestIdsAndBodies() {
        gitlab.answer(Answer.of(503), Answer.of(503), Answer.json(201, Samples.text(Samples.SPEC_COMPOSITE)));

        RequestJobResult result = api.requestJob("sent-value");

        assertThat(result.state()).isEqualTo(State.JOB);
        assertThat(gitlab.received()).hasSize(3);
        assertThat(gitlab.received()).extracting(r -> r.header("X-Request-Id")).doesNotHaveDuplicates();
        assertThat(gitlab.received()).allSatisfy(r -> assertThat(r.json().path("token").asText()).isEqualTo(RunnerApiFixture.RUNNER_TOKEN));
        assertThat(sleeper.sleeps()).hasSize(2);
        // Backoff: 100 ms then 200 ms, each within 10 % jitter.
        assertThat(sleeper.sleeps().get(0)).isBetween(Duration.ofMillis(90), Duration.ofMillis(110));
        assertThat(sleeper.sleeps().get(1)).isBetween(Duration.ofMillis(180), Duration.ofMillis(220));
    }

    @Test
    void requestJob_bare204ToAFirstPollWithoutLastUpdate_isPlainNoJob() {
        gitlab.answer(Answer.of(204));

        var result = api.requestJob(null);

        assertThat(result.state()).isEqualTo(State.NO_JOB);
        assertThat(result.lastUpdate()).isNull();
    }

    @Test
    void requestJob_429WithRetryAfter_waitsExactlyThatLong() {
        gitlab.answer(Answer.of(429, Map.of("Retry-After", "7")), Answer.of(204));

        assertThat(api.requestJob("sent-value").state()).isEqualTo(State.LONG_POLL_ENDED);

        assertThat(sleeper.sleeps()).containsExactly(Duration.ofSeconds(7));
    }

    @Test
    void requestJob_429WithRateLimitResetTime_waitsUntilThen() {
        String reset = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(30));
        gitlab.answer(Answer.of(429, Map.of("RateLimit-ResetTime", reset, "Retry-After", "7")), Answer.of(204));

        api.requestJob("sent-value");

        assertThat(sleeper.sleeps()).singleElement()
                .satisfies(d -> assertThat(d).isBetween(Duration.ofSeconds(28), Duration.ofSeconds(30)));
    }

    @Test
    void requestJob_retryAfterAboveMaxDelay_isCapped() {
        gitlab.answer(Answer.of(503, Map.of("Retry-After", "3600")), Answer.of(204));

        api.requestJob("sent-value");

        assertThat(sleeper.sleeps()).containsExactly(Duration.ofSeconds(60));
    }

    @Test
    void requestJob_201UnreadablePayload_failsLoudlyWithoutToken() {
        gitlab.answer(Answer.json(201, "{\"id\": 77, \"token\": \"" + RunnerApiFixture.JOB_TOKEN + "\", \"steps\": {\"oops\": 1}}"));

        assertThatThrownBy(() -> api.requestJob(null))
                .isInstanceOf(GitLabApiException.class)
                .hasMessageStartingWith("POST /api/v4/jobs/request: job assigned (201)")
                .hasMessageContaining("job_id=77")
                .hasMessageNotContaining(RunnerApiFixture.JOB_TOKEN)
                .satisfies(e -> assertThat(((GitLabApiException) e).status()).isEqualTo(201));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"id\": 77, \"token\": \"\"}", "{\"id\": 77}", "{\"id\": 77, \"token\": null}"})
    void requestJob_201WithoutAJobToken_failsLoudlyNamingTheJob(String payload) {
        gitlab.answer(Answer.json(201, payload));

        assertThatThrownBy(() -> api.requestJob(null))
                .isInstanceOf(GitLabApiException.class)
                .hasMessageStartingWith("POST /api/v4/jobs/request: job assigned (201)")
                .hasMessageContaining("job_id=77").hasMessageContaining("no job token");
    }

    @Test
    void requestJob_201InvalidJson_failsLoudly() {
        gitlab.answer(Answer.json(201, "{\"id\": 77, \"token\": "));

        assertThatThrownBy(() -> api.requestJob(null))
                .isInstanceOf(GitLabApiException.class)
                .hasMessageContaining("POST /api/v4/jobs/request")
                .hasMessageContaining("invalid json");
    }

    @Test
    void requestJob_201NotJson_failsLoudly() {
        gitlab.answer(new Answer(201, Map.of("Content-Type", "text/html"), "<html/>".getBytes(), Duration.ZERO));

        assertThatThrownBy(() -> api.requestJob(null))
                .isInstanceOf(GitLabApiException.class)
                .hasMessageContaining("POST /api/v4/jobs/request")
                .hasMessageContaining("text/html");
    }

    @Test
    void transport_connectionRefused_throwsAfterAllAttemptsNamingPathOnly() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        GitLabConnection connection = new GitLabConnection(URI.create("http://127.0.0.1:" + closedPort),
                Secret.of(RunnerApiFixture.RUNNER_TOKEN), RunnerApiFixture.SYSTEM_ID, RunnerInfo.current("1.2.3"),
                Duration.ofSeconds(2), Duration.ofSeconds(2));
        var refused = new HttpGitLabRunnerApi(connection,
                new RetryPolicy(5, Duration.ofMillis(100), Duration.ofSeconds(60), 2.0, 0.1, sleeper));

        assertThatThrownBy(() -> refused.requestJob(null))
                .isInstanceOf(GitLabApiException.class)
                .hasMessage("POST /api/v4/jobs/request: connection refused")
                .satisfies(e -> assertThat(((GitLabApiException) e).status()).isZero());
        assertThat(sleeper.sleeps()).hasSize(4);
    }

    @Test
    void transport_timeout_throwsTimedOut() throws InterruptedException {
        var impatient = new HttpGitLabRunnerApi(gitlab.connection(Duration.ofMillis(200)),
                new RetryPolicy(2, Duration.ofMillis(100), Duration.ofSeconds(60), 2.0, 0.1, sleeper));
        gitlab.answer(Answer.of(204).delayedBy(Duration.ofSeconds(2)), Answer.of(204).delayedBy(Duration.ofSeconds(2)));

        assertThatThrownBy(() -> impatient.requestJob("sent-value"))
                .isInstanceOf(GitLabApiException.class)
                .hasMessage("POST /api/v4/jobs/request: timed out waiting for the answer");
        assertThat(gitlab.awaitReceived(2)).hasSize(2);
    }
}
