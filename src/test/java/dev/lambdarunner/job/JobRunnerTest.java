package dev.lambdarunner.job;

import dev.lambdarunner.gitlab.GitLabConnection;
import dev.lambdarunner.gitlab.HttpGitLabRunnerApi;
import dev.lambdarunner.gitlab.RetryPolicy;
import dev.lambdarunner.gitlab.RunnerInfo;
import dev.lambdarunner.gitlab.Sleeper;
import dev.lambdarunner.gitlab.dto.JobResponse;
import dev.lambdarunner.sandbox.SandboxResult;
import dev.lambdarunner.sandbox.StopReason;
import dev.lambdarunner.script.CommandPolicy;
import dev.lambdarunner.sensitive.Secret;
import dev.lambdarunner.sources.SourceFetch;
import dev.lambdarunner.terraform.TerraformCall;
import dev.lambdarunner.testsupport.FakeGitLab;
import dev.lambdarunner.testsupport.FakeJob;
import dev.lambdarunner.testsupport.FakeRunner;
import dev.lambdarunner.testsupport.FinalReport;
import dev.lambdarunner.testsupport.JobSpec;
import dev.lambdarunner.trace.TraceSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The job engine in-process: the real stages, the real HTTP client against the fake GitLab over loopback, with
 * sources and Terraform stood in for. Stage order, the single final report whatever happens, how a stop maps to
 * GitLab's failure reasons, artifacts on failure, the workspace's removal.
 */
class JobRunnerTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final JobLimits NO_DEADLINE = JobLimits.unbounded(Duration.ofHours(1));
    private static final SourceFetch NO_SOURCES = (request, log, cancelled) -> { };

    private final FakeGitLab gitLab = FakeGitLab.start().longPoll(Duration.ZERO);
    private final FakeRunner runner = gitLab.addRunner();
    private final HttpGitLabRunnerApi api = client();
    @TempDir
    Path workDir;

    @AfterEach
    void stop() {
        gitLab.close();
    }

    /** Thrown by a stage stand-in: what the runner must survive without losing the report. */
    static final class StageCrash extends Error {
        StageCrash() {
            super("a stage crashed");
        }
    }

    @Test
    void theStagesRunInGitLabRunnersOrder_andTheJobIsReportedOnce() {
        FakeJob job = gitLab.enqueue(JobSpec.builder().script("terraform init", "terraform plan")
                .afterScript("terraform show").artifact(JobSpec.Artifact.archive("out.txt")).build());
        ScriptedTerraform terraform = new ScriptedTerraform(call -> {
            write(call.workingDir().resolve("out.txt"), "plan");
            return ScriptedTerraform.ended(0);
        });

        JobOutcome outcome = run(NO_SOURCES, terraform, take(job), NO_DEADLINE);

        assertThat(outcome.success()).isTrue();
        assertThat(sections(job)).containsExactly("prepare_executor", "get_sources", "step_script", "after_script",
                "upload_artifacts_on_success", "cleanup_file_variables");
        assertThat(terraform.commandLines()).containsExactly("init", "plan", "show");
        FinalReport report = job.awaitFinished(WAIT);
        assertThat(report.status()).isEqualTo("success");
        assertThat(report.finalReports()).isEqualTo(1);
        assertThat(gitLab.artifacts(job.id())).hasSize(1);
        gitLab.assertNoViolations();
    }

    @Test
    void theRunnersSecretsAndTheJobToken_areMaskedInTheLog_whileTheTokenStillReachesGitLab() {
        String runnerSecret = "runner-webhook-secret-4711";
        FakeJob job = gitLab.enqueue(JobSpec.builder().variable("ECHOED", runnerSecret)
                .script("echo secret=$ECHOED token=$CI_JOB_TOKEN").build());

        JobOutcome outcome = engine(NO_SOURCES, new ScriptedTerraform(call -> ScriptedTerraform.ended(0)),
                List.of(Secret.of(runnerSecret))).run(take(job), NO_DEADLINE);

        assertThat(outcome.success()).isTrue();
        assertThat(job.trace()).contains("secret=[MASKED]").doesNotContain(runnerSecret).doesNotContain(job.token());
        assertThat(job.awaitFinished(WAIT).finalReports()).isEqualTo(1);
        gitLab.assertNoViolations();
    }

    @Test
    void aGitLabTerraformLine_runsTheWrappersStepsThroughTheSameLauncher() {
        FakeJob job = gitLab.enqueue(JobSpec.builder().script("gitlab-terraform plan", "gitlab-terraform plan-json")
                .build());
        ScriptedTerraform terraform = new ScriptedTerraform(call -> {
            if (call.args().get(0).equals("show")) {
                ScriptedTerraform.print(call, "{\"resource_changes\":[{\"change\":{\"actions\":[\"create\"]}}]}");
            }
            return ScriptedTerraform.ended(0);
        });

        JobOutcome outcome = run(NO_SOURCES, terraform, take(job), NO_DEADLINE);

        assertThat(outcome.success()).isTrue();
        assertThat(terraform.commandLines()).extracting(line -> line.split(" ")[0])
                .containsExactly("init", "plan", "show");
        assertThat(job.trace()).contains("Plan report plan.json: 1 to create, 0 to update, 0 to delete");
    }

    @Test
    void theWorkspaceIsRemoved_whateverTheJobDid() throws IOException {
        FakeJob job = gitLab.enqueue(JobSpec.builder().script("terraform apply").build());
        ScriptedTerraform terraform = new ScriptedTerraform(call -> {
            write(call.workingDir().resolve("terraform.tfstate"), "{}");
            return ScriptedTerraform.ended(1);
        });

        run(NO_SOURCES, terraform, take(job), NO_DEADLINE);

        assertThat(terraform.calls()).hasSize(1);
        try (Stream<Path> left = Files.list(workDir.resolve("builds"))) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void aFailingLine_isAScriptFailureWithItsExitCode_andNothingAfterItRuns() {
        FakeJob job = gitLab.enqueue(JobSpec.builder().script("terraform init", "terraform plan").build());
        ScriptedTerraform terraform = ScriptedTerraform.exiting(3);

        JobOutcome outcome = run(NO_SOURCES, terraform, take(job), NO_DEADLINE);

        assertThat(outcome.failure()).contains(FailureReason.SCRIPT_FAILURE);
        assertThat(terraform.commandLines()).containsExactly("init");
        FinalReport report = job.awaitFinished(WAIT);
        assertThat(report.failureReason()).isEqualTo("script_failure");
        assertThat(report.exitCode()).isEqualTo(3);
        assertThat(report.finalReports()).isEqualTo(1);
        gitLab.assertNoViolations();
    }

    @Test
    void aRefusedLineInAfterScript_failsTheJobBeforeSourcesOrScript_withTheReason() {
        FakeJob job = gitLab.enqueue(JobSpec.builder().script("terraform init").afterScript("curl -sO https://x/y")
                .build());
        ScriptedTerraform terraform = ScriptedTerraform.exiting(0);
        List<String> fetched = new ArrayList<>();
        SourceFetch sources = (request, log, cancelled) -> fetched.add(request.sha());

        JobOutcome outcome = run(sources, terraform, take(job), NO_DEADLINE);

        assertThat(outcome.failure()).contains(FailureReason.SCRIPT_FAILURE);
        assertThat(fetched).as("no sources fetched").isEmpty();
        assertThat(terraform.calls()).as("nothing ran").isEmpty();
        assertThat(job.awaitFinished(WAIT).failureReason()).isEqualTo("script_failure");
        assertThat(job.trace()).contains("after_script: refused script line 'curl -sO https://x/y'");
    }

    @Test
    void afterAFailedScript_afterScriptStillRuns_inTheProjectDirectory_withTheJobsStatus() {
        FakeJob job = gitLab.enqueue(JobSpec.builder().script("cd infra", "terraform apply", "terraform output")
                .afterScript("terraform show").build());
        ScriptedTerraform terraform = ScriptedTerraform.exitingAt("apply", 1);
        SourceFetch sources = (request, log, cancelled) -> createDirectory(request.projectDir().resolve("infra"));

        JobOutcome outcome = run(sources, terraform, take(job), NO_DEADLINE);

        assertThat(outcome.failure()).contains(FailureReason.SCRIPT_FAILURE);
        assertThat(terraform.commandLines()).containsExactly("apply", "show");
        TerraformCall afterScript = terraform.calls().get(1);
        assertThat(afterScript.environment()).containsEntry("CI_JOB_STATUS", "failed");
        assertThat(afterScript.workingDir().getFileName()).isNotEqualTo(Path.of("infra"));
        FinalReport report = job.awaitFinished(WAIT);
        assertThat(report.failureReason()).as("after_script does not change why the job failed")
                .isEqualTo("script_failure");
        assertThat(report.exitCode()).isEqualTo(1);
        assertThat(sections(job)).containsSubsequence("step_script", "after_script");
    }

    @ParameterizedTest(name = "a process stopped for {0} is reported as {1}")
    @CsvSource({"TIMEOUT, JOB_EXECUTION_TIMEOUT, job_execution_timeout",
            "CANCELED, JOB_CANCELED, unknown_failure",
            "SHUTDOWN, RUNNER_INTERRUPTED, runner_interrupted"})
    void aStoppedProcess_mapsToGitLabsFailureReason(StopReason stop, FailureReason reason, String onTheWire) {
        // job_canceled is not in this GitLab's features.failure_reasons: gitlab-runner's compatibility map applies
        FakeJob job = gitLab.enqueue(JobSpec.builder().script("terraform apply").build());
        ScriptedTerraform terraform = new ScriptedTerraform(call -> ScriptedTerraform.ended(
                new SandboxResult(143, Optional.of(stop), Duration.ZERO)));

        JobOutcome outcome = run(NO_SOURCES, terraform, take(job), NO_DEADLINE);

        assertThat(outcome.failure()).contains(reason);
        FinalReport report = job.awaitFinished(WAIT);
        assertThat(report.failureReason()).isEqualTo(onTheWire);
        assertThat(report.exitCode()).as("a stopped process's own exit code is not the job's").isNull();
        assertThat(report.finalReports()).isEqualTo(1);
    }

    @Test
    void gitLabsJobTimeout_isNamedInTheLog() {
        FakeJob job = gitLab.enqueue(JobSpec.builder().timeoutSeconds(60).script("terraform apply").build());
        ScriptedTerraform terraform = new ScriptedTerraform(call -> ScriptedTerraform.ended(
                new SandboxResult(143, Optional.of(StopReason.TIMEOUT), Duration.ZERO)));

        run(NO_SOURCES, terraform, take(job), NO_DEADLINE);

        job.awaitFinished(WAIT);
        assertThat(job.trace()).contains("stopped by the job's timeout of PT1M set in GitLab");
    }

    @Test
    void aPassedInvocationDeadline_stopsTheJobBeforeItsScript_asAnExecutionTimeout() {
        FakeJob job = gitLab.enqueue(JobSpec.builder().script("terraform apply").build());
        ScriptedTerraform terraform = ScriptedTerraform.exiting(0);
        JobLimits passed = new JobLimits(Duration.ofHours(1), Instant.now().minusSeconds(1), Instant.MAX);

        JobOutcome outcome = run(NO_SOURCES, terraform, take(job), passed);

        assertThat(outcome.failure()).contains(FailureReason.JOB_EXECUTION_TIMEOUT);
        assertThat(terraform.calls()).isEmpty();
        FinalReport report = job.awaitFinished(WAIT);
        assertThat(report.failureReason()).isEqualTo("job_execution_timeout");
        assertThat(job.trace()).contains("the Lambda invocation's deadline");
    }

    @Test
    void aRuntimeExceptionInAStage_isASystemFailure_reportedOnce() {
        FakeJob job = gitLab.enqueue(JobSpec.builder().script("terraform init").build());
        SourceFetch broken = (request, log, cancelled) -> {
            throw new IllegalStateException("the fetch broke");
        };

        JobOutcome outcome = run(broken, ScriptedTerraform.exiting(0), take(job), NO_DEADLINE);

        assertThat(outcome.failure()).contains(FailureReason.RUNNER_SYSTEM_FAILURE);
        FinalReport report = job.awaitFinished(WAIT);
        assertThat(report.failureReason()).isEqualTo("runner_system_failure");
        assertThat(report.finalReports()).isEqualTo(1);
        assertThat(job.trace()).contains("Job failed (system failure): unexpected runner error");
    }

    @Test
    void anErrorInAStage_stillEndsTheTraceOnce_andIsRethrown() {
        FakeJob job = gitLab.enqueue(JobSpec.builder().script("terraform init").build());
        SourceFetch crashing = (request, log, cancelled) -> {
            throw new StageCrash();
        };
        JobResponse payload = take(job);

        assertThatThrownBy(() -> run(crashing, ScriptedTerraform.exiting(0), payload, NO_DEADLINE))
                .isInstanceOf(StageCrash.class);

        FinalReport report = job.awaitFinished(WAIT);
        assertThat(report.failureReason()).isEqualTo("runner_system_failure");
        assertThat(report.finalReports()).isEqualTo(1);
        assertThat(job.trace()).contains("the runner failed unexpectedly");
    }

    @ParameterizedTest(name = "when: {0} after a failed script uploads {1} archive(s)")
    @CsvSource({"on_failure, 1", "always, 1", "on_success, 0"})
    void artifactsOfAFailedJob_followTheirWhen(String when, int uploads) {
        FakeJob job = gitLab.enqueue(JobSpec.builder().script("terraform plan")
                .artifact(JobSpec.Artifact.archive("crash.log").when(when)).build());
        ScriptedTerraform terraform = new ScriptedTerraform(call -> {
            write(call.workingDir().resolve("crash.log"), "panic");
            return ScriptedTerraform.ended(1);
        });

        run(NO_SOURCES, terraform, take(job), NO_DEADLINE);

        job.awaitFinished(WAIT);
        assertThat(gitLab.artifacts(job.id())).hasSize(uploads);
        assertThat(sections(job).contains("upload_artifacts_on_failure")).isEqualTo(uploads > 0);
        gitLab.assertNoViolations();
    }

    @Test
    void aCancelFromGitLab_stopsTheProcess_runsAfterScriptAsCanceled_andReportsOnce() throws Exception {
        StoppedJob stopped = stopWhileApplying(FakeJob::cancel);

        assertThat(stopped.outcome().failure()).contains(FailureReason.JOB_CANCELED);
        TerraformCall afterScript = stopped.terraform().calls().get(1);
        assertThat(afterScript.environment()).containsEntry("CI_JOB_STATUS", "canceled");
        assertThat(stopped.job().awaitFinished(WAIT).finalReports()).isEqualTo(1);
        gitLab.assertNoViolations();
    }

    @Test
    void aJobGitLabAlreadyEnded_isStopped_withoutAfterScriptOrReport() throws Exception {
        StoppedJob stopped = stopWhileApplying(FakeJob::forceCancel);

        assertThat(stopped.outcome().reported()).isFalse();
        assertThat(stopped.terraform().calls()).as("no after_script").hasSize(1);
        assertThat(stopped.job().finalReports()).isZero();
        assertThat(stopped.job().status()).isEqualTo("canceled");
    }

    @Test
    void stopAll_stopsARunningJobForShutdown_andStillReportsIt() throws Exception {
        FakeJob job = gitLab.enqueue(JobSpec.builder().script("terraform apply")
                .artifact(JobSpec.Artifact.archive("x").when("always")).build());
        ScriptedTerraform.UntilStopped apply = new ScriptedTerraform.UntilStopped();
        JobRunner jobs = engine(NO_SOURCES, new ScriptedTerraform(call -> apply));
        JobResponse payload = take(job);

        CompletableFuture<JobOutcome> running = CompletableFuture.supplyAsync(() -> jobs.run(payload, NO_DEADLINE));
        apply.awaitStarted();
        assertThat(jobs.activeJobs()).isEqualTo(1);
        jobs.stopAll(StopReason.SHUTDOWN);
        JobOutcome outcome = running.get();

        assertThat(outcome.failure()).contains(FailureReason.RUNNER_INTERRUPTED);
        assertThat(jobs.activeJobs()).isZero();
        assertThat(gitLab.artifacts(job.id())).as("no uploads while going down").isEmpty();
        assertThat(job.awaitFinished(WAIT).failureReason()).isEqualTo("runner_interrupted");
    }

    /** A job stopped from GitLab's side while its script ran, and what the engine made of it. */
    private record StoppedJob(FakeJob job, ScriptedTerraform terraform, JobOutcome outcome) {
    }

    /** Runs a job with an after_script; {@code stop} happens to it in GitLab while its {@code terraform apply} runs. */
    private StoppedJob stopWhileApplying(Consumer<FakeJob> stop) throws Exception {
        FakeJob job = gitLab.enqueue(JobSpec.builder().script("terraform apply").afterScript("terraform show")
                .build());
        ScriptedTerraform.UntilStopped apply = new ScriptedTerraform.UntilStopped();
        ScriptedTerraform terraform = ScriptedTerraform.runningAt("apply", apply);
        JobResponse payload = take(job);

        CompletableFuture<JobOutcome> running = CompletableFuture.supplyAsync(
                () -> run(NO_SOURCES, terraform, payload, NO_DEADLINE));
        apply.awaitStarted();
        stop.accept(job);
        return new StoppedJob(job, terraform, running.get());
    }

    private JobOutcome run(SourceFetch sources, ScriptedTerraform terraform, JobResponse payload, JobLimits limits) {
        return engine(sources, terraform).run(payload, limits);
    }

    /** The engine as the runner wires it, with {@code sources} and {@code terraform} stood in for. */
    private JobRunner engine(SourceFetch sources, ScriptedTerraform terraform) {
        return engine(sources, terraform, List.of());
    }

    private JobRunner engine(SourceFetch sources, ScriptedTerraform terraform, List<Secret> alwaysMasked) {
        Clock clock = Clock.systemUTC();
        JobSettings settings = new JobSettings(workDir, new RunnerIdentity("test", "unknown", "abc123", "amd64"),
                new JobSettings.ToolEnvironment(Map.of(), workDir.resolve("plugin-cache"), Optional.empty()),
                Duration.ofMinutes(1),
                new TraceSettings(Duration.ofMillis(50), Duration.ofMillis(50), 3, 1 << 20, false, Sleeper.REAL),
                new ArtifactSettings(1 << 20, 100, Duration.ofSeconds(10)), new JobSettings.Secrets(List.of(), alwaysMasked));
        ProcessLauncher processes = new ProcessLauncher(terraform, clock);
        JobStages.Stages stages = new JobStages.Stages(new JobCredentialsStage(settings.secrets().credentials()), sources,
                new JobDependenciesStage(api, settings.artifacts()),
                new StepExecutor(processes, new WrapperExecutor(processes)), new JobArtifactsStage(api, settings.artifacts()));
        JobStages.Tools tools = new JobStages.Tools(terraform, new CommandPolicy(false), processes, clock);
        return new JobRunner(api, settings, new JobStages(settings, stages, tools), clock);
    }

    /** Has the runner take {@code job} from GitLab, as the poller does. */
    private JobResponse take(FakeJob job) {
        JobResponse payload = api.requestJob(null).job().orElseThrow();
        assertThat(payload.id()).isEqualTo(job.id());
        return payload;
    }

    private HttpGitLabRunnerApi client() {
        GitLabConnection connection = new GitLabConnection(URI.create(gitLab.url()), Secret.of(runner.token()), "s_0123456789ab",
                RunnerInfo.current("test"), Duration.ofSeconds(10), Duration.ofSeconds(10));
        return new HttpGitLabRunnerApi(connection, RetryPolicy.defaults());
    }

    /** The names of the job log's sections, in the order they were opened. */
    private static List<String> sections(FakeJob job) {
        Matcher m = Pattern.compile("section_start:\\d+:([A-Za-z0-9_.-]+)").matcher(job.trace());
        List<String> names = new ArrayList<>();
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static void createDirectory(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
