package dev.lambdarunner.job;

import dev.lambdarunner.artifacts.ArchiveWriter;
import dev.lambdarunner.artifacts.ArtifactPaths;
import dev.lambdarunner.gitlab.ArtifactTransfer;
import dev.lambdarunner.gitlab.ArtifactUpload;
import dev.lambdarunner.gitlab.GitLabApiException;
import dev.lambdarunner.gitlab.GitLabArtifactsApi;
import dev.lambdarunner.gitlab.dto.JobArtifact;
import dev.lambdarunner.gitlab.dto.JobResponse;
import dev.lambdarunner.trace.JobTrace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * gitlab-runner's {@code upload_artifacts_on_success}/{@code _on_failure} stage: every {@code artifacts[]} entry
 * whose {@code when} fits the job's result is collected ({@link ArtifactPaths}, paths expanded with the job's
 * variables), written in its {@code artifact_format} and uploaded with its {@code artifact_type} and
 * {@code expire_in} (protocol reference §9.1). An entry that matches nothing is skipped with a warning, as
 * gitlab-runner does; a failed upload fails a job that had succeeded.
 */
public final class JobArtifactsStage {

    private static final String YELLOW = "\u001b[0;33m";
    private static final String RED = "\u001b[31;1m";
    private static final String RESET = "\u001b[0;m";

    private final GitLabArtifactsApi api;
    private final ArtifactSettings settings;

    public JobArtifactsStage(GitLabArtifactsApi api, ArtifactSettings settings) {
        this.api = api;
        this.settings = settings;
    }

    /** The entries to upload for a job that succeeded or not. */
    static List<JobArtifact> due(JobResponse job, boolean succeeded) {
        return job.artifacts().stream().filter(a -> {
            String when = a.when() == null || a.when().isEmpty() ? "on_success" : a.when();
            return when.equals("always") || when.equals(succeeded ? "on_success" : "on_failure");
        }).toList();
    }

    /** Uploads {@code artifacts}, each of them even after one failed; returns the first failure, if any. */
    Optional<JobFailure> upload(JobResponse job, List<JobArtifact> artifacts, Map<String, String> env, Path projectDir,
                                Path tmpDir, JobTrace trace) {
        Optional<JobFailure> first = Optional.empty();
        int n = 0;
        for (JobArtifact artifact : artifacts) {
            Optional<JobFailure> failure = uploadOne(job, artifact, env, projectDir, tmpDir.resolve("artifact-" + n++),
                    trace);
            first = first.or(() -> failure);
        }
        return first;
    }

    private Optional<JobFailure> uploadOne(JobResponse job, JobArtifact artifact, Map<String, String> env, Path projectDir,
                                 Path scratch, JobTrace trace) {
        String type = orDefault(artifact.artifactType(), "archive");
        String format = orDefault(artifact.artifactFormat(), "zip");
        trace.println("Uploading artifacts...");
        try {
            List<String> paths = artifact.paths().stream().map(p -> VariableExpander.expand(p, env::get)).toList();
            List<String> exclude = artifact.exclude().stream().map(p -> VariableExpander.expand(p, env::get)).toList();
            ArtifactPaths.Selection selection = ArtifactPaths.select(projectDir, paths, exclude,
                    Boolean.TRUE.equals(artifact.untracked()));
            selection.log().forEach(line -> trace.println(line.startsWith("WARNING") ? YELLOW + line + RESET : line));
            if (selection.entries().isEmpty()) {
                trace.println(YELLOW + "WARNING: no matching files. Ensure that the artifact path is relative to the"
                        + " working directory (" + projectDir + ")" + RESET);
                trace.println(RED + "ERROR: No files to upload" + RESET);
                return Optional.empty();
            }
            Path file = write(format, projectDir, selection.entries(), scratch);
            return send(job, artifact, type, format, file, env, trace);
        } catch (IOException | IllegalArgumentException e) {
            return Optional.of(new JobFailure(FailureReason.SCRIPT_FAILURE, null,
                    "uploading artifacts as \"" + type + "\": " + e.getMessage()));
        } finally {
            deleteQuietly(scratch);
        }
    }

    private static Path write(String format, Path projectDir, List<String> entries, Path scratch) throws IOException {
        switch (format) {
            case "zip" -> ArchiveWriter.zip(projectDir, entries, scratch);
            case "gzip" -> ArchiveWriter.gzip(projectDir, entries, scratch);
            case "raw" -> {
                return ArchiveWriter.raw(projectDir, entries);
            }
            default -> throw new IOException("artifact format '" + format + "' is not supported (zip, gzip, raw)");
        }
        return scratch;
    }

    private Optional<JobFailure> send(JobResponse job, JobArtifact artifact, String type, String format, Path file,
                            Map<String, String> env, JobTrace trace) {
        String label = "Uploading artifacts as \"" + type + "\" to coordinator...";
        ArtifactTransfer result;
        try {
            result = api.uploadArtifact(job.id(), job.token(), new ArtifactUpload(file, filename(artifact, format, env),
                    type, format, artifact.expireIn(), settings.transferTimeout()));
        } catch (GitLabApiException e) {
            trace.println(RED + "ERROR: " + label + " " + e.getMessage() + RESET);
            return Optional.of(new JobFailure(FailureReason.RUNNER_SYSTEM_FAILURE, null, "uploading artifacts as \""
                    + type + "\": " + e.getMessage()));
        }
        if (result.ok()) {
            trace.println(label + " 201 Created  id=" + job.id() + " responseStatus=201 Created");
            return Optional.empty();
        }
        trace.println(RED + "ERROR: " + label + " " + result.describe() + RESET);
        String prefix = "uploading artifacts as \"" + type + "\": POST /api/v4/jobs/" + job.id() + "/artifacts: ";
        return Optional.of(switch (result.state()) {
            case TOO_LARGE -> new JobFailure(FailureReason.SCRIPT_FAILURE, null, prefix + "artifact too large ("
                    + result.describe() + "): GitLab's maximum artifacts size is smaller; upload less or raise it");
            case FAILED -> new JobFailure(FailureReason.RUNNER_SYSTEM_FAILURE, null, prefix + result.describe()
                    + " after retries");
            default -> new JobFailure(FailureReason.SCRIPT_FAILURE, null, prefix + result.describe());
        });
    }

    /** Base name of {@code name} (default {@code artifacts}, empty {@code default}) plus the format's extension. */
    static String filename(JobArtifact artifact, String format, Map<String, String> env) {
        String name = artifact.name() == null ? "artifacts" : VariableExpander.expand(artifact.name(), env::get);
        name = name.substring(name.lastIndexOf('/') + 1);
        if (name.isEmpty()) {
            name = "default";
        }
        return switch (format) {
            case "zip" -> name + ".zip";
            case "gzip" -> name + ".gz";
            default -> name;
        };
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isEmpty() ? fallback : value;
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // inside the job's workspace, which is removed after the job anyway
        }
    }
}
