package dev.lambdarunner.gitlab;

import dev.lambdarunner.testsupport.FakeTime;
import dev.lambdarunner.testsupport.Answer;
import org.junit.jupiter.api.extension.RegisterExtension;
import com.fasterxml.jackson.databind.JsonNode;
import dev.lambdarunner.gitlab.dto.UpdateJobRequest;
import dev.lambdarunner.gitlab.dto.UpdateJobRequest.TraceOutput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static dev.lambdarunner.gitlab.RunnerApiFixture.JOB_SECRET;
import static dev.lambdarunner.gitlab.RunnerApiFixture.JOB_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

/** {@code PUT /jobs/:id} and {@code PATCH /jobs/:id/trace} against a scripted GitLab. */
class HttpGitLabRunnerApiJobCallsTest {

    private static final byte[] CHUNK = "hello".getBytes(StandardCharsets.UTF_8);

    @RegisterExtension
    final RunnerApiFixture gitlab = new RunnerApiFixture();
    private final FakeTime sleeper = new FakeTime();
    private final HttpGitLabRunnerApi api = gitlab.api(sleeper);

    /** Each case: what GitLab answers in turn, and what the call makes of it. */
    static Stream<Arguments> updateCases() {
        return Stream.of(
                argumentSet("200 running is accepted", List.of(Answer.of(200, Map.of("Job-Status", "running"))),
                        result(UpdateResult.State.ACCEPTED, JobStatus.RUNNING, null, 200)),
                argumentSet("200 canceling is accepted and asks for a graceful stop",
                        List.of(Answer.of(200, Map.of("Job-Status", "canceling"))),
                        result(UpdateResult.State.ACCEPTED, JobStatus.CANCELING, null, 200)),
                argumentSet("202 means send again after the trace update interval",
                        List.of(Answer.of(202, Map.of("Job-Status", "running", "X-GitLab-Trace-Update-Interval", "4"))),
                        result(UpdateResult.State.PENDING, JobStatus.RUNNING, Duration.ofSeconds(4), 202)),
                argumentSet("202 without interval header has no retryAfter",
                        List.of(Answer.of(202)), result(UpdateResult.State.PENDING, JobStatus.UNKNOWN, null, 202)),
                argumentSet("200 with Job-Status canceled aborts",
                        List.of(Answer.of(200, Map.of("Job-Status", "canceled"))),
                        result(UpdateResult.State.ABORT, JobStatus.CANCELED, null, 200)),
                argumentSet("202 with Job-Status failed aborts",
                        List.of(Answer.of(202, Map.of("Job-Status", "failed", "X-GitLab-Trace-Update-Interval", "4"))),
                        result(UpdateResult.State.ABORT, JobStatus.FAILED, null, 202)),
                argumentSet("403 with Job-Status canceled aborts",
                        List.of(Answer.of(403, Map.of("Job-Status", "canceled"))),
                        result(UpdateResult.State.ABORT, JobStatus.CANCELED, null, 403)),
                argumentSet("404 aborts", List.of(Answer.of(404)), result(UpdateResult.State.ABORT, JobStatus.UNKNOWN, null, 404)),
                argumentSet("400 failed", List.of(Answer.of(400)), result(UpdateResult.State.FAILED, JobStatus.UNKNOWN, null, 400)),
                argumentSet("500 five times failed",
                        List.of(Answer.of(500), Answer.of(500), Answer.of(500), Answer.of(500), Answer.of(500)),
                        result(UpdateResult.State.FAILED, JobStatus.UNKNOWN, null, 500)));
    }

    /** The JSON body {@code PUT /jobs/42} sends for {@code request}, GitLab accepting it. */
    private JsonNode sentBody(UpdateJobRequest request) {
        gitlab.answer(Answer.of(200, Map.of("Job-Status", request.state())));
        api.updateJob(42, JOB_SECRET, request);
        return gitlab.only().json();
    }

    private static UpdateResult result(UpdateResult.State state, JobStatus status, Duration retryAfter, int http) {
        return new UpdateResult(state, status, Optional.ofNullable(retryAfter), http);
    }

    @ParameterizedTest
    @MethodSource("updateCases")
    void updateJob_mapsEachAnswer(List<Answer> answers, UpdateResult expected) {
        gitlab.answer(answers.toArray(Answer[]::new));

        UpdateResult result = api.updateJob(42, JOB_SECRET, UpdateJobRequest.running());

        assertThat(result).isEqualTo(expected);
        assertThat(gitlab.received()).hasSize(answers.size())
                .allSatisfy(r -> assertThat(r.path()).isEqualTo("/api/v4/jobs/42"));
    }

    @Test
    void updateJob_finalFailedAnswered200WithJobStatusFailed_isAccepted() {
        gitlab.answer(Answer.of(200, Map.of("Job-Status", "failed")));

        UpdateResult result = api.updateJob(42, JOB_SECRET, new UpdateJobRequest("failed", "script_failure", 1,
                new TraceOutput("crc32:0a1b2c3d", 12)));

        assertThat(result.state()).isEqualTo(UpdateResult.State.ACCEPTED);
    }

    @Test
    void updateJob_final_sendsReasonExitCodeAndChecksumTwice() {
        JsonNode body = sentBody(new UpdateJobRequest("failed", "script_failure", 3,
                new TraceOutput("crc32:0a1b2c3d", 1234)));

        assertThat(body.path("state").asText()).isEqualTo("failed");
        assertThat(body.path("failure_reason").asText()).isEqualTo("script_failure");
        assertThat(body.path("exit_code").asInt()).isEqualTo(3);
        assertThat(body.path("checksum").asText()).isEqualTo("crc32:0a1b2c3d");
        assertThat(body.path("output").path("checksum").asText()).isEqualTo("crc32:0a1b2c3d");
        assertThat(body.path("output").path("bytesize").asLong()).isEqualTo(1234);
    }

    @Test
    void updateJob_success_omitsReasonZeroExitCode() {
        JsonNode body = sentBody(new UpdateJobRequest("success", "script_failure", 0,
                new TraceOutput("crc32:00000000", 0)));

        assertThat(body.has("failure_reason")).as("failure_reason only with failed").isFalse();
        assertThat(body.has("exit_code")).as("exit_code omitted when 0").isFalse();
        assertThat(body.path("output").path("bytesize").isIntegralNumber()).isTrue();
    }

    @Test
    void updateJob_keepAlive_sendsNoOutput() {
        JsonNode body = sentBody(UpdateJobRequest.running());

        assertThat(body.has("output")).isFalse();
        assertThat(body.has("checksum")).isFalse();
        assertThat(body.has("exit_code")).isFalse();
        assertThat(body.has("failure_reason")).isFalse();
    }

    static Stream<Arguments> patchCases() {
        return Stream.of(
                argumentSet("202 appended, GitLab now holds 15 bytes",
                        List.of(Answer.of(202, Map.of("Range", "0-15", "Job-Status", "running", "X-GitLab-Trace-Update-Interval", "3"))),
                        patch(PatchResult.State.ACCEPTED, 15, JobStatus.RUNNING, Duration.ofSeconds(3), 202)),
                argumentSet("202 with Job-Status canceling still appended",
                        List.of(Answer.of(202, Map.of("Range", "0-15", "Job-Status", "canceling"))),
                        patch(PatchResult.State.ACCEPTED, 15, JobStatus.CANCELING, null, 202)),
                argumentSet("202 with Job-Status canceled aborts",
                        List.of(Answer.of(202, Map.of("Range", "0-15", "Job-Status", "canceled"))),
                        patch(PatchResult.State.ABORT, 15, JobStatus.CANCELED, null, 202)),
                argumentSet("416 reports the length GitLab holds",
                        List.of(Answer.json(416, "{\"message\":\"416 Range Not Satisfiable\"}").withHeader("Range", "0-4")),
                        patch(PatchResult.State.RANGE_MISMATCH, 4, JobStatus.UNKNOWN, null, 416)),
                argumentSet("403 with Job-Status canceled aborts",
                        List.of(Answer.of(403, Map.of("Job-Status", "canceled"))),
                        patch(PatchResult.State.ABORT, -1, JobStatus.CANCELED, null, 403)),
                argumentSet("404 means stop sending the trace", List.of(Answer.of(404)),
                        patch(PatchResult.State.NOT_FOUND, -1, JobStatus.UNKNOWN, null, 404)),
                argumentSet("409 (concurrent write) is retried later", List.of(Answer.of(409)),
                        patch(PatchResult.State.RETRY, -1, JobStatus.UNKNOWN, null, 409)),
                argumentSet("429 five times is retried later",
                        List.of(Answer.of(429), Answer.of(429), Answer.of(429), Answer.of(429), Answer.of(429)),
                        patch(PatchResult.State.RETRY, -1, JobStatus.UNKNOWN, null, 429)),
                argumentSet("503 then 202 is retried through",
                        List.of(Answer.of(503), Answer.of(202, Map.of("Range", "0-15"))),
                        patch(PatchResult.State.ACCEPTED, 15, JobStatus.UNKNOWN, null, 202)));
    }

    private static PatchResult patch(PatchResult.State state, long offset, JobStatus status, Duration interval, int http) {
        return new PatchResult(state, offset, status, Optional.ofNullable(interval), http);
    }

    @ParameterizedTest
    @MethodSource("patchCases")
    void patchTrace_mapsEachAnswer(List<Answer> answers, PatchResult expected) {
        gitlab.answer(answers.toArray(Answer[]::new));

        PatchResult result = api.patchTrace(42, JOB_SECRET, CHUNK, 10, false);

        assertThat(result).isEqualTo(expected);
        assertThat(gitlab.received()).hasSize(answers.size()).allSatisfy(r -> {
            assertThat(r.path()).isEqualTo("/api/v4/jobs/42/trace");
            assertThat(r.header("Content-Range")).isEqualTo("10-14");
            assertThat(r.body()).isEqualTo(CHUNK);
        });
    }

    @Test
    void patchTrace_debugTrace_isAQueryFlag() {
        gitlab.answer(Answer.of(202, Map.of("Range", "0-5")));

        api.patchTrace(42, JOB_SECRET, CHUNK, 0, true);

        assertThat(gitlab.only().query()).isEqualTo("debug_trace=true");
        assertThat(gitlab.only().header("Content-Range")).isEqualTo("0-4");
    }

    @Test
    void patchTrace_emptyChunk_isRefusedWithoutARequest() {
        assertThatThrownBy(() -> api.patchTrace(42, JOB_SECRET, new byte[0], 0, false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(gitlab.received()).isEmpty();
    }
}
