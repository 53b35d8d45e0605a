package dev.lambdarunner.trace;

import dev.lambdarunner.gitlab.GitLabApiException;
import dev.lambdarunner.gitlab.GitLabRunnerApi;
import dev.lambdarunner.gitlab.JobStatus;
import dev.lambdarunner.gitlab.PatchResult;
import dev.lambdarunner.gitlab.RequestJobResult;
import dev.lambdarunner.gitlab.UpdateResult;
import dev.lambdarunner.gitlab.VerifyResult;
import dev.lambdarunner.gitlab.dto.UpdateJobRequest;
import dev.lambdarunner.sensitive.Secret;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * GitLab's job endpoints for one job, holding the trace it was sent and enforcing the server's rules
 * (protocol reference §6, §7): a PATCH whose offset is not the stored length gets 416 with the stored length;
 * a job that is over answers 403 with its {@code Job-Status}. Scripted answers replace the next ones.
 */
final class FakeGitLabApi implements GitLabRunnerApi {

    static final long JOB_ID = 42;
    static final String JOB_TOKEN = "glcbt-64_fakeJobToken";

    private final ByteArrayOutputStream trace = new ByteArrayOutputStream();
    private final Deque<Object> patchScript = new ArrayDeque<>();
    private final Deque<UpdateResult> updateScript = new ArrayDeque<>();
    private final List<UpdateJobRequest> updates = new ArrayList<>();
    private final List<Long> patchOffsets = new ArrayList<>();
    private final List<Boolean> debugFlags = new ArrayList<>();
    private JobStatus status = JobStatus.RUNNING;
    private Optional<Duration> updateInterval = Optional.empty();
    private boolean loseNextAnswer;

    @Override
    public synchronized PatchResult patchTrace(long jobId, Secret jobToken, byte[] chunk, long offset,
                                               boolean debugTrace) {
        checkJob(jobId, jobToken);
        if (chunk.length == 0 || chunk.length > TraceUploader.MAX_CHUNK) {
            throw new AssertionError("runner sent a chunk of " + chunk.length + " bytes");
        }
        patchOffsets.add(offset);
        debugFlags.add(debugTrace);
        Object scripted = patchScript.poll();
        if (scripted instanceof RuntimeException e) {
            throw e;
        }
        if (scripted != null) {
            return (PatchResult) scripted;
        }
        if (status.aborted()) {
            return new PatchResult(PatchResult.State.ABORT, -1, status, Optional.empty(), 403);
        }
        if (offset != trace.size()) {
            return new PatchResult(PatchResult.State.RANGE_MISMATCH, trace.size(), status, Optional.empty(), 416);
        }
        trace.writeBytes(chunk);
        if (loseNextAnswer) {
            loseNextAnswer = false;
            return new PatchResult(PatchResult.State.RETRY, -1, JobStatus.UNKNOWN, Optional.empty(), 502);
        }
        return new PatchResult(PatchResult.State.ACCEPTED, trace.size(), status, updateInterval, 202);
    }

    @Override
    public synchronized UpdateResult updateJob(long jobId, Secret jobToken, UpdateJobRequest request) {
        checkJob(jobId, jobToken);
        updates.add(request);
        UpdateResult scripted = updateScript.poll();
        if (scripted != null) {
            return scripted;
        }
        if (status.aborted()) {
            return new UpdateResult(UpdateResult.State.ABORT, status, Optional.empty(), 403);
        }
        return new UpdateResult(UpdateResult.State.ACCEPTED, status, Optional.empty(), 200);
    }

    private static void checkJob(long jobId, Secret jobToken) {
        if (jobId != JOB_ID || !JOB_TOKEN.equals(jobToken.value())) {
            throw new AssertionError("runner called with the wrong job id or token");
        }
    }

    @Override
    public VerifyResult verifyRunner() {
        throw new UnsupportedOperationException();
    }

    @Override
    public RequestJobResult requestJob(String lastUpdate) {
        throw new UnsupportedOperationException();
    }

    /** The next PATCH gets {@code answer} instead of being processed. */
    synchronized void scriptPatch(PatchResult answer) {
        patchScript.add(answer);
    }

    /** The next PATCH fails in transport. */
    synchronized void failNextPatch() {
        patchScript.add(new GitLabApiException("PATCH /api/v4/jobs/42/trace: 502", 502, null));
    }

    synchronized void scriptUpdate(UpdateResult answer) {
        updateScript.add(answer);
    }

    /** The next accepted chunk is stored but its answer is lost: the runner sees a retryable error. */
    synchronized void loseNextAnswer() {
        loseNextAnswer = true;
    }

    /** GitLab lost the end of the trace (e.g. a chunk that was never persisted). */
    synchronized void truncateTo(int length) {
        byte[] kept = Arrays.copyOf(trace.toByteArray(), length);
        trace.reset();
        trace.writeBytes(kept);
    }

    synchronized void setStatus(JobStatus status) {
        this.status = status;
    }

    synchronized void setUpdateInterval(Duration interval) {
        this.updateInterval = Optional.of(interval);
    }

    synchronized byte[] bytes() {
        return trace.toByteArray();
    }

    synchronized int size() {
        return trace.size();
    }

    synchronized int patchCount() {
        return patchOffsets.size();
    }

    synchronized List<Boolean> debugFlags() {
        return List.copyOf(debugFlags);
    }

    synchronized List<UpdateJobRequest> updates() {
        return List.copyOf(updates);
    }

    /** The updates that reported a final state, not keep-alives. */
    synchronized List<UpdateJobRequest> finalUpdates() {
        return updates.stream().filter(u -> !"running".equals(u.state())).toList();
    }
}
