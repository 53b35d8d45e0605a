package dev.lambdarunner.trace;

import dev.lambdarunner.gitlab.GitLabRunnerApi;
import dev.lambdarunner.gitlab.PatchResult;
import dev.lambdarunner.gitlab.UpdateResult;
import dev.lambdarunner.gitlab.dto.UpdateJobRequest;
import dev.lambdarunner.sensitive.Secret;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Optional;

/**
 * Sends one job's trace and updates to GitLab and tracks what GitLab holds (protocol reference §6, §7).
 * Serialised, so the patch loop and the final update never send overlapping chunks.
 */
final class TraceUploader {

    /** gitlab-runner's {@code DefaultTracePatchLimit}. */
    static final int MAX_CHUNK = 1024 * 1024;

    private static final Logger LOG = Logger.getLogger(TraceUploader.class);

    /** The outcome of one {@link #patchNext()}. */
    enum Step { SENT, NOTHING_TO_SEND, RESYNCED, RETRY, ABORTED, GONE }

    private final GitLabRunnerApi api;
    private final JobRef job;
    private final TraceBuffer buffer;
    private final boolean debugTrace;
    private final Signal cancel;
    private final Signal abort;
    private long sentOffset;
    private boolean traceGone;
    private Optional<Duration> serverInterval = Optional.empty();

    /** The job and its token. */
    record JobRef(long id, Secret token) {
    }

    TraceUploader(GitLabRunnerApi api, JobRef job, TraceBuffer buffer, boolean debugTrace, Signal cancel,
                  Signal abort) {
        this.api = api;
        this.job = job;
        this.buffer = buffer;
        this.debugTrace = debugTrace;
        this.cancel = cancel;
        this.abort = abort;
    }

    /** Sends the next unacknowledged chunk, if any. */
    synchronized Step patchNext() {
        if (abort.raised()) {
            return Step.ABORTED;
        }
        if (traceGone) {
            return Step.GONE;
        }
        byte[] chunk = buffer.read(sentOffset, MAX_CHUNK);
        if (chunk.length == 0) {
            return Step.NOTHING_TO_SEND;
        }
        PatchResult result = api.patchTrace(job.id(), job.token(), chunk, sentOffset, debugTrace);
        if (result.cancelRequested()) {
            cancel.raise();
        }
        return switch (result.state()) {
            case ACCEPTED -> accepted(chunk.length, result);
            case RANGE_MISMATCH -> resync(result.serverOffset());
            case ABORT -> aborted();
            case NOT_FOUND -> gone();
            case RETRY -> Step.RETRY;
        };
    }

    /** {@code PUT state=running}: tells GitLab the job is alive and learns about cancel/abort. */
    synchronized UpdateResult keepAlive() {
        UpdateResult result = api.updateJob(job.id(), job.token(), UpdateJobRequest.running());
        if (result.cancelRequested()) {
            cancel.raise();
        }
        if (result.state() == UpdateResult.State.ABORT || result.jobStatus().aborted()) {
            abort.raise();
        }
        return result;
    }

    /** The final {@code PUT}; its answer is handled by the caller. */
    synchronized UpdateResult updateFinal(UpdateJobRequest request) {
        return api.updateJob(job.id(), job.token(), request);
    }

    /** The {@code X-GitLab-Trace-Update-Interval} of the last accepted patch, if it carried one. */
    synchronized Optional<Duration> serverInterval() {
        return serverInterval;
    }

    synchronized long sentOffset() {
        return sentOffset;
    }

    private Step accepted(int length, PatchResult result) {
        sentOffset += length;
        serverInterval = result.updateInterval();
        return result.jobStatus().aborted() ? aborted() : Step.SENT;
    }

    /** GitLab's length wins, even if that re-sends bytes or skips some (it cannot take them any other way). */
    private Step resync(long serverOffset) {
        if (serverOffset < 0) {
            LOG.warnf("Patching trace... range mismatch without a Range header job=%d", job.id());
            return Step.RETRY;
        }
        LOG.debugf("Patching trace... range mismatch job=%d sent=%d server=%d", job.id(), sentOffset, serverOffset);
        sentOffset = serverOffset;
        return Step.RESYNCED;
    }

    private Step aborted() {
        abort.raise();
        return Step.ABORTED;
    }

    private Step gone() {
        LOG.warnf("Patching trace... job not found, trace no longer sent job=%d", job.id());
        traceGone = true;
        return Step.GONE;
    }
}
