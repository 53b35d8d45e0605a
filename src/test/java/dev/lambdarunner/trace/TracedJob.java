package dev.lambdarunner.trace;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lambdarunner.gitlab.GitLabRunnerApi;
import dev.lambdarunner.gitlab.dto.JobResponse;
import dev.lambdarunner.gitlab.dto.UpdateJobRequest;
import dev.lambdarunner.gitlab.dto.UpdateJobRequest.TraceOutput;
import dev.lambdarunner.testsupport.FakeGitLab;
import dev.lambdarunner.testsupport.FakeJob;
import dev.lambdarunner.testsupport.FakeTime;
import dev.lambdarunner.testsupport.Faults;
import dev.lambdarunner.testsupport.RecordedRequest;

import java.time.Duration;
import java.util.List;

/**
 * A running job on the {@link FakeGitLab} ({@link LoopbackGitLab#takeJob}): the {@link JobTrace}s that report it
 * over HTTP, and what GitLab received for it: the trace bytes it holds, the PATCHes and the PUTs after the
 * accepting one.
 */
public final class TracedJob {

    private final FakeGitLab gitLab;
    private final FakeJob job;
    private final JobResponse payload;
    private final GitLabRunnerApi api;
    private final FakeTime time;
    private final RecordedRequest accept;

    TracedJob(FakeGitLab gitLab, FakeJob job, JobResponse payload, GitLabRunnerApi api, FakeTime time) {
        this.gitLab = gitLab;
        this.job = job;
        this.payload = payload;
        this.api = api;
        this.time = time;
        List<RecordedRequest> puts = gitLab.requests("PUT", updatePath());
        this.accept = puts.isEmpty() ? null : puts.get(puts.size() - 1);
    }

    /**
     * The job's trace as the runner sets it up: 1 s between patches, a keep-alive after 30 s of silence, 3 final
     * update attempts, 4 MiB of log, waits on the fake time.
     */
    public JobTrace trace() {
        return trace(new TraceSettings(Duration.ofSeconds(1), Duration.ofSeconds(30), 3, 1 << 22, false, time));
    }

    /** The job's trace with {@code settings}, masking {@code secrets}; its clock is the fake time. */
    JobTrace trace(TraceSettings settings, String... secrets) {
        return new JobTrace(api, payload.id(), payload.token(), MaskSpec.of(List.of(secrets), List.of()), settings,
                time);
    }

    /** The job as GitLab sees it: status, stored trace, final report. */
    public FakeJob job() {
        return job;
    }

    long id() {
        return job.id();
    }

    /** The trace bytes GitLab holds. */
    byte[] held() {
        return job.traceBytes();
    }

    /** Where the job's trace is PATCHed, for {@link Faults#answerNext(String, dev.lambdarunner.testsupport.Answer...)}. */
    String tracePath() {
        return "/api/v4/jobs/" + job.id() + "/trace";
    }

    /** Where the job is updated ({@code PUT}). */
    String updatePath() {
        return "/api/v4/jobs/" + job.id();
    }

    Faults faults() {
        return gitLab.faults();
    }

    /** The trace PATCHes GitLab answered, in order. */
    List<RecordedRequest> patches() {
        return gitLab.requests("PATCH", tracePath());
    }

    /** The updates GitLab answered after the accepting one: keep-alives and final reports. */
    List<UpdateJobRequest> updates() {
        return gitLab.requests("PUT", updatePath()).stream().filter(r -> r != accept).map(TracedJob::update)
                .toList();
    }

    /** The updates that reported a final state, not keep-alives. */
    List<UpdateJobRequest> finalUpdates() {
        return updates().stream().filter(u -> !"running".equals(u.state())).toList();
    }

    private static UpdateJobRequest update(RecordedRequest put) {
        JsonNode body = put.json();
        JsonNode output = body.path("output");
        return new UpdateJobRequest(body.path("state").asText(null), body.path("failure_reason").asText(null),
                body.hasNonNull("exit_code") ? body.get("exit_code").asInt() : null,
                output.isObject() ? new TraceOutput(output.path("checksum").asText(), output.path("bytesize").asLong())
                        : null);
    }
}
