package dev.lambdarunner.gitlab;

import dev.lambdarunner.gitlab.dto.UpdateJobRequest;
import dev.lambdarunner.sensitive.Secret;

/**
 * GitLab's runner API ({@code /api/v4}, see
 * <a href="https://docs.gitlab.com/api/runners/">Runners API</a> and the runner protocol reference).
 * Expected answers are returned as result values; only transport failures after retries are thrown,
 * as {@link GitLabApiException}.
 */
public interface GitLabRunnerApi {

    /** {@code POST /api/v4/runners/verify}: is the runner token valid? */
    VerifyResult verifyRunner();

    /**
     * {@code POST /api/v4/jobs/request}. {@code lastUpdate} is the {@code X-GitLab-Last-Update} value of the
     * previous 204 (or {@code null}); it enables GitLab's long polling.
     */
    RequestJobResult requestJob(String lastUpdate);

    /** {@code PUT /api/v4/jobs/:id}: accept, keep alive, or report the final state. */
    UpdateResult updateJob(long jobId, Secret jobToken, UpdateJobRequest request);

    /**
     * {@code PATCH /api/v4/jobs/:id/trace}: append {@code chunk} at byte {@code offset}
     * ({@code Content-Range: offset-(offset+len-1)}).
     */
    PatchResult patchTrace(long jobId, Secret jobToken, byte[] chunk, long offset, boolean debugTrace);
}
