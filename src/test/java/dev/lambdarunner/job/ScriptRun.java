package dev.lambdarunner.job;

import dev.lambdarunner.sensitive.Secret;
import dev.lambdarunner.gitlab.dto.JobResponse;
import dev.lambdarunner.gitlab.dto.JobStep;
import dev.lambdarunner.script.CommandPolicy;
import dev.lambdarunner.script.ScriptCommand;
import dev.lambdarunner.testsupport.FakeTime;
import dev.lambdarunner.trace.FinalState;
import dev.lambdarunner.trace.JobTrace;
import dev.lambdarunner.trace.LoopbackGitLab;
import dev.lambdarunner.trace.TracedJob;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One job's script as {@link StepExecutor} runs it, without GitLab or processes: Terraform is a
 * {@link ScriptedTerraform}, time is a {@link FakeTime}, the job log a {@link JobTrace} to the one GitLab fake. The job is in its project
 * directory with a small CI environment; its script's own timeout is {@link #TIMEOUT}.
 */
final class ScriptRun {

    static final Duration TIMEOUT = Duration.ofHours(1);
    static final String LIMIT = "the job's timeout of PT1H set in GitLab";
    static final String JOB_TOKEN = "glcbt-64_job-token";

    final FakeTime time;
    final ScriptedTerraform terraform;
    final Path projectDir;
    final JobContext ctx;
    final Instant deadline;
    /** One fake GitLab for every script run of the test JVM: each run takes a job of its own from it. */
    private static final LoopbackGitLab GITLAB = LoopbackGitLab.start();

    /** The log's own time: it only waits between final-update attempts, and must not move the job's clock. */
    private final TracedJob traced = GITLAB.takeJob(new FakeTime());
    private final JobTrace trace = traced.trace();
    private final StepExecutor steps;

    /** @param workDir an empty directory; the project directory and the job's temp dir are made in it */
    ScriptRun(Path workDir, ScriptedTerraform terraform) {
        this(workDir, terraform, new FakeTime());
    }

    /** @param time the job's clock, for a {@code terraform} stand-in that lets time pass while it "runs" */
    ScriptRun(Path workDir, ScriptedTerraform terraform, FakeTime time) {
        this.time = time;
        this.deadline = time.instant().plus(TIMEOUT);
        this.terraform = terraform;
        this.projectDir = workDir.resolve("project");
        Path tmp = workDir.resolve("tmp");
        mkdirs(projectDir);
        mkdirs(tmp);
        ProcessLauncher processes = new ProcessLauncher(terraform, time);
        this.steps = new StepExecutor(processes, new WrapperExecutor(processes));
        this.ctx = new JobContext(job(), deadline, Instant.MAX, LIMIT);
        Map<String, String> env = new HashMap<>(Map.of("CI_PROJECT_DIR", projectDir.toString(),
                "CI_API_V4_URL", "https://gitlab.example.com/api/v4", "CI_PROJECT_ID", "42",
                "CI_JOB_TOKEN", JOB_TOKEN, "TMPDIR", tmp.toString()));
        ctx.enter(projectDir, env);
    }

    /** Checks {@code lines} as a job's script is checked (tofu enabled) and runs them until the first failure. */
    void run(String... lines) throws JobFailure {
        steps.run(checked(lines), ctx, deadline, trace);
    }

    /** Runs {@code lines} on another thread, for a test that stops them; completes with how they ended. */
    CompletableFuture<Optional<JobFailure>> start(String... lines) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                run(lines);
                return Optional.empty();
            } catch (JobFailure failure) {
                return Optional.of(failure);
            }
        });
    }

    static List<ScriptCommand> checked(String... lines) {
        return new CommandPolicy(true).checkScript(List.of(lines));
    }

    /** Ends the job log and returns all of it, masked as GitLab receives it. */
    String log() {
        trace.finish(FinalState.success());
        return traced.job().trace();
    }

    /** A payload with nothing but {@code steps}. */
    static JobResponse job(JobStep... steps) {
        return new JobResponse(1, Secret.of(JOB_TOKEN), false, null, null, null, null, List.of(steps), null, null, null, null,
                null, null);
    }

    private static void mkdirs(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
