package dev.lambdarunner.gitlab;

import dev.lambdarunner.sensitive.Secret;

import java.nio.file.Path;
import java.time.Duration;

/**
 * GitLab's job artifacts endpoints as a runner uses them (protocol reference §9; GLR
 * {@code commands/helpers/artifacts_uploader.go}, {@code artifacts_downloader.go}). Every call goes through the
 * runner's retry layer, so 408/429/5xx answers are tried again; what is left is returned as an
 * {@link ArtifactTransfer}. Transport failures after the retries are thrown as {@link GitLabApiException}.
 */
public interface GitLabArtifactsApi {

    /**
     * {@code POST /api/v4/jobs/:id/artifacts?artifact_format=..&artifact_type=..&expire_in=..}: one multipart part
     * {@code file} holding {@code upload.file()}, sent with the {@code JOB-TOKEN} header.
     */
    ArtifactTransfer uploadArtifact(long jobId, Secret jobToken, ArtifactUpload upload);

    /**
     * {@code GET /api/v4/jobs/:id/artifacts} with {@code JOB-TOKEN: token}: the archive of job {@code jobId} written
     * to {@code target} (only on a 200). Redirects are not followed: they would carry the token elsewhere.
     */
    ArtifactTransfer downloadArtifacts(long jobId, Secret token, Path target, Duration timeout);
}
