package dev.lambdarunner.gitlab;

import dev.lambdarunner.testsupport.FakeTime;
import dev.lambdarunner.testsupport.Answer;
import org.junit.jupiter.api.extension.RegisterExtension;
import com.fasterxml.jackson.databind.JsonNode;
import dev.lambdarunner.gitlab.dto.UpdateJobRequest;
import dev.lambdarunner.gitlab.dto.UpdateJobRequest.TraceOutput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static dev.lambdarunner.gitlab.RunnerApiFixture.JOB_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code PUT /jobs/:id} and {@code PATCH /jobs/:id/trace} against a scripted GitLab. */
class HttpGitLabRunnerApiJobCallsTest {

    private static final byte[] CHUNK = "hello".getBytes(StandardCharsets.UTF_8);

    @RegisterExtension
    final RunnerApiFixture gitlab = new RunnerApiFixture();
    private final FakeTime sleeper = new FakeTime();
    private final HttpGitLabRunnerApi api = gitlab.api(sleeper);

    record UpdateCase(String name, List<Answer> answers, UpdateResult expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<UpdateCase> updateCases() {
        return Stream.of(
                new UpdateCase("200 running is accepted", List.of(Answer.of(200, Map.of("Job-Status", "running"))),
                        result(UpdateResult.State.ACCEPTED, JobStatus.RUNNING, null, 200)),
                new UpdateCase("200 canceling is accepted and asks for a graceful stop",
                        List.of(Answer.of(200, Map.of("Job-Status", "canceling"))),
                        result(UpdateResult.State.ACCEPTED, JobStatus.CANCELING, null, 200)),
                new UpdateCase("202 means send again after the trace update interval",
                        List.of(Answer.of(202, Map.of("Job-Status", "running", "X-GitLab-Trace-Update-Interval", "4"))),
                        result(UpdateResult.State.PENDING, JobStatus.RUNNING, Duration.ofSeconds(4), 202)),
                new UpdateCase("202 without interval header has no retryAfter",
                        List.of(Answer.of(202)), result(UpdateResult.State.PENDING, JobStatus.UNKNOWN, null, 202)),
                new UpdateCase("200 with Job-Status canceled aborts",
                        List.of(Answer.of(200, Map.of("Job-Status", "canceled"))),
                        result(UpdateResult.State.ABORT, JobStatus.CANCELED, null, 200)),
                new UpdateCase("202 with Job-Status failed aborts",
                        List.of(Answer.of(202, Map.of("Job-Status", "failed", "X-GitLab-Trace-Update-Interval", "4"))),
                        result(UpdateResult.State.ABORT, JobStatus.FAILED, null, 202)),
                new UpdateCase("403 with Job-Status canceled aborts",
                        List.of(Answer.of(403, Map.of("Job-Status", "canceled"))),
                        result(UpdateResult.State.ABORT, JobStatus.CANCELED, null, 403)),
                new UpdateCase("404 aborts", List.of(Answer.of(404)), result(UpdateResult.State.ABORT, JobStatus.UNKNOWN, null, 404)),
                new UpdateCase("400 failed", List.of(Answer.of(400)), result(UpdateResult.State.FAILED, JobStatus.UNKNOWN, null, 400)),
                new UpdateCase("500 five times failed",
                        List.of(Answer.of(500), Answer.of(500), Answer.of(500), Answer.of(500), Answer.of(500)),
                        result(UpdateResult.State.FAILED, JobStatus.UNKNOWN, null, 500)));
    }

    private static UpdateResult result(UpdateResult.State state, JobStatus status, Duration retryAfter, int http) {
        return new UpdateResult(state, status, Optional.ofNullable(retryAfter), http);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("updateCases")
    void updateJob_mapsEachAnswer(UpdateCase c) {
        gitlab.answer(c.answers().toArray(Answer[]::new));

        UpdateResult result = api.updateJob(42, RunnerApiFixture.JOB_SECRET, UpdateJobRequest.running());

        assertThat(result).isEqualTo(c.expected());
        assertThat(gitlab.received()).hasSize(c.answers().size())
                .allSatisfy(r -> assertThat(r.path()).isEqualTo("/api/v4/jobs/42"));
    }

    @Test
    void updateJob_finalFailedAnswered200WithJobStatusFailed_isAccepted() {
        gitlab.answer(Answer.of(200, Map.of("Job-Status", "failed")));

        UpdateResult result = api.updateJob(42, RunnerApiFixture.JOB_SECRET, new UpdateJobRequest("failed", "script_failure", 1,
                new TraceOutput("crc32:0a1b2c3d", 12)));

        assertThat(result.state()).isEqualTo(UpdateResult.State.ACCEPTED);
    }

    @Test
    void updateJob_final_sendsReasonExitCodeAndChecksumTwice() {
        gitlab.answer(Answer.of(200, Map.of("Job-Status", "failed")));

        api.updateJob(42, RunnerApiFixture.JOB_SECRET, new UpdateJobRequest("failed", "script_failure", 3,
                new TraceOutput("crc32:0a1b2c3d", 1234)));

        JsonNode body = gitlab.only().json();
        assertThat(body.path("state").asText()).isEqualTo("failed");
        assertThat(body.path("failure_reason").asText()).isEqualTo("script_failure");
        assertThat(body.path("exit_code").asInt()).isEqualTo(3);
        assertThat(body.path("checksum").asText()).isEqualTo("crc32:0a1b2c3d");
        assertThat(body.path("output").path("checksum").asText()).isEqualTo("crc32:0a1b2c3d");
        assertThat(body.path("output").path("bytesize").asLong()).isEqualTo(1234);
    }

    @Test
    void updateJob_success_omitsReasonZeroExitCode() {
        gitlab.answer(Answer.of(200, Map.of("Job-Status", "success")));

        api.updateJob(42, RunnerApiFixture.JOB_SECRET, new UpdateJobRequest("success", "script_failure", 0,
                new TraceOutput("crc32:00000000", 0)));

        JsonNode body = gitlab.only().json();
        assertThat(body.has("failure_reason")).as("failure_reason only with failed").isFalse();
        assertThat(body.has("exit_code")).as("exit_code omitted when 0").isFalse();
        assertThat(body.path("output").path("bytesize").isIntegralNumber()).isTrue();
    }

    @Test
    void updateJob_keepAlive_sendsNoOutput() {
        gitlab.answer(Answer.of(200, Map.of("Job-Status", "running")));

        api.updateJob(42, RunnerApiFixture.JOB_SECRET, UpdateJobRequest.running());

        JsonNode body = gitlab.only().json();
        assertThat(body.has("output")).isFalse();
        assertThat(body.has("checksum")).isFalse();
        assertThat(body.has("exit_code")).isFalse();
        assertThat(body.has("failure_reason")).isFalse();
    }

    record PatchCase(String name, List<Answer> answers, PatchResult expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<PatchCase> patchCases() {
        return Stream.of(
                new PatchCase("202 appended, GitLab now holds 15 bytes",
                        List.of(Answer.of(202, Map.of("Range", "0-15", "Job-Status", "running", "X-GitLab-Trace-Update-Interval", "3"))),
                        patch(PatchResult.State.ACCEPTED, 15, JobStatus.RUNNING, Duration.ofSeconds(3), 202)),
                new PatchCase("202 with Job-Status canceling still appended",
                        List.of(Answer.of(202, Map.of("Range", "0-15", "Job-Status", "canceling"))),
                        patch(PatchResult.State.ACCEPTED, 15, JobStatus.CANCELING, null, 202)),
                new PatchCase("202 with Job-Status canceled aborts",
                        List.of(Answer.of(202, Map.of("Range", "0-15", "Job-Status", "canceled"))),
                        patch(PatchResult.State.ABORT, 15, JobStatus.CANCELED, null, 202)),
                new PatchCase("416 reports the length GitLab holds",
                        List.of(Answer.json(416, "{\"message\":\"416 Range Not Satisfiable\"}").withHeader("Range", "0-4")),
                        patch(PatchResult.State.RANGE_MISMATCH, 4, JobStatus.UNKNOWN, null, 416)),
                new PatchCase("403 with Job-Status canceled aborts",
                        List.of(Answer.of(403, Map.of("Job-Status", "canceled"))),
                        patch(PatchResult.State.ABORT, -1, JobStatus.CANCELED, null, 403)),
                new PatchCase("404 means stop sending the trace", List.of(Answer.of(404)),
                        patch(PatchResult.State.NOT_FOUND, -1, JobStatus.UNKNOWN, null, 404)),
                new PatchCase("409 (concurrent write) is retried later", List.of(Answer.of(409)),
                        patch(PatchResult.State.RETRY, -1, JobStatus.UNKNOWN, null, 409)),
                new PatchCase("429 five times is retried later",
                        List.of(Answer.of(429), Answer.of(429), Answer.of(429), Answer.of(429), Answer.of(429)),
                        patch(PatchResult.State.RETRY, -1, JobStatus.UNKNOWN, null, 429)),
                new PatchCase("503 then 202 is retried through",
                        List.of(Answer.of(503), Answer.of(202, Map.of("Range", "0-15"))),
                        patch(PatchResult.State.ACCEPTED, 15, JobStatus.UNKNOWN, null, 202)));
    }

    private static PatchResult patch(PatchResult.State state, long offset, JobStatus status, Duration interval, int http) {
        return new PatchResult(state, offset, status, Optional.ofNullable(interval), http);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("patchCases")
    void patchTrace_mapsEachAnswer(PatchCase c) {
        gitlab.answer(c.answers().toArray(Answer[]::new));

        PatchResult result = api.patchTrace(42, RunnerApiFixture.JOB_SECRET, CHUNK, 10, false);

        assertThat(result).isEqualTo(c.expected());
        assertThat(gitlab.received()).hasSize(c.answers().size()).allSatisfy(r -> {
            assertThat(r.path()).isEqualTo("/api/v4/jobs/42/trace");
            assertThat(r.header("Content-Range")).isEqualTo("10-14");
            assertThat(r.body()).isEqualTo(CHUNK);
        });
    }

    @Test
    void patchTrace_debugTrace_isAQueryFlag() {
        gitlab.answer(Answer.of(202, Map.of("Range", "0-5")));

        api.patchTrace(42, RunnerApiFixture.JOB_SECRET, CHUNK, 0, true);

        assertThat(gitlab.only().query()).isEqualTo("debug_trace=true");
        assertThat(gitlab.only().header("Content-Range")).isEqualTo("0-4");
    }

    @Test
    void patchTrace_emptyChunk_isRefusedWithoutARequest() {
        assertThatThrownBy(() -> api.patchTrace(42, RunnerApiFixture.JOB_SECRET, new byte[0], 0, false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(gitlab.received()).isEmpty();
    }
}
