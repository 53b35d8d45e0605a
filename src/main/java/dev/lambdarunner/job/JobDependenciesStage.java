package dev.lambdarunner.job;

import dev.lambdarunner.artifacts.ArchiveExtractor;
import dev.lambdarunner.artifacts.UnsafeArchiveException;
import dev.lambdarunner.gitlab.ArtifactTransfer;
import dev.lambdarunner.gitlab.GitLabApiException;
import dev.lambdarunner.gitlab.GitLabArtifactsApi;
import dev.lambdarunner.gitlab.dto.JobDependency;
import dev.lambdarunner.gitlab.dto.JobResponse;
import dev.lambdarunner.sensitive.Secret;
import dev.lambdarunner.trace.JobTrace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * gitlab-runner's {@code download_artifacts} stage: the archive of every {@code dependencies[]} entry that has one
 * ({@code GET /api/v4/jobs/<id>/artifacts} with the entry's token, protocol reference §9.2) is unpacked into the
 * project directory by {@link ArchiveExtractor}, which refuses anything that would land outside it. A failed or
 * refused download fails the job before its script runs, naming the dependency and the entry.
 */
public final class JobDependenciesStage {

    private final GitLabArtifactsApi api;
    private final ArtifactSettings settings;

    public JobDependenciesStage(GitLabArtifactsApi api, ArtifactSettings settings) {
        this.api = api;
        this.settings = settings;
    }

    boolean hasWork(JobResponse job) {
        return job.dependencies().stream().anyMatch(d -> d.artifactsFile() != null);
    }

    void download(JobResponse job, Path projectDir, Path tmpDir, JobTrace trace) throws JobFailure {
        for (JobDependency dependency : job.dependencies()) {
            if (dependency.artifactsFile() == null) {
                continue;
            }
            String what = dependency.name() + " (" + dependency.id() + ")";
            trace.println("Downloading artifacts for " + what + "...");
            if (dependency.artifactsFile().size() > settings.maxExtractedBytes()) {
                throw failure(FailureReason.SCRIPT_FAILURE, what, "the archive is " + dependency.artifactsFile().size()
                        + " bytes, more than the limit of " + settings.maxExtractedBytes());
            }
            Path archive = tmpDir.resolve("dependency-" + dependency.id() + ".zip");
            try {
                fetch(job, dependency, archive, what, trace);
                int entries = ArchiveExtractor.extract(archive, projectDir,
                        new ArchiveExtractor.Limits(settings.maxExtractedBytes(), settings.maxEntries()));
                trace.println("Extracted " + entries + " entries of " + what + " into the project directory");
            } catch (UnsafeArchiveException e) {
                throw failure(FailureReason.SCRIPT_FAILURE, what, "refused: " + e.getMessage());
            } catch (IOException e) {
                throw failure(FailureReason.SCRIPT_FAILURE, what, "not a readable zip archive: " + e.getMessage());
            } finally {
                deleteQuietly(archive);
            }
        }
    }

    private void fetch(JobResponse job, JobDependency dependency, Path archive, String what, JobTrace trace)
            throws JobFailure {
        Secret token = dependency.token() != null ? dependency.token() : job.token();
        ArtifactTransfer result;
        try {
            result = api.downloadArtifacts(dependency.id(), token, archive, settings.transferTimeout());
        } catch (GitLabApiException e) {
            throw failure(FailureReason.RUNNER_SYSTEM_FAILURE, what, e.getMessage());
        }
        if (!result.ok()) {
            FailureReason reason = result.state() == ArtifactTransfer.State.FAILED
                    ? FailureReason.RUNNER_SYSTEM_FAILURE : FailureReason.SCRIPT_FAILURE;
            throw failure(reason, what, "GET /api/v4/jobs/" + dependency.id() + "/artifacts: " + result.describe());
        }
        trace.println("Downloading artifacts from coordinator... ok  id=" + dependency.id() + " responseStatus=200 OK");
    }

    private static JobFailure failure(FailureReason reason, String what, String cause) {
        return new JobFailure(reason, null, "downloading artifacts of dependency " + what + ": " + cause);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // inside the job's workspace, which is removed after the job anyway
        }
    }
}
