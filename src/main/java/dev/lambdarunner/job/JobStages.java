package dev.lambdarunner.job;

import dev.lambdarunner.gitlab.dto.JobResponse;
import dev.lambdarunner.sandbox.Workspace;
import dev.lambdarunner.script.CommandPolicy;
import dev.lambdarunner.sources.SourceException;
import dev.lambdarunner.sources.SourceFetch;
import dev.lambdarunner.sources.SourceRequest;
import dev.lambdarunner.terraform.TerraformProcesses;
import dev.lambdarunner.trace.JobTrace;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The stages of a job in a fresh workspace, each in its own collapsible log section, in gitlab-runner's order:
 * prepare, credentials, get_sources, download_artifacts, step_script, after_script, upload_artifacts, cleanup.
 * after_script runs whatever the script did, unless GitLab has already ended the job. Every stage is given, none is
 * built here, so a test can stand in for any of them.
 */
public final class JobStages {

    private static final String CYAN = "\u001b[36;1m";
    private static final String YELLOW = "\u001b[0;33m";
    private static final String RESET = "\u001b[0;m";

    /** The stages that do the job's work, in the order they run. */
    public record Stages(JobCredentialsStage credentials, SourceFetch sources, JobDependenciesStage dependencies,
                         StepExecutor steps, JobArtifactsStage artifacts) {
    }

    /**
     * @param terraform  the binaries the job's lines run, named in the log and first on the job's {@code PATH}
     * @param policy     which script lines the runner accepts
     * @param processes  checks, between stages, that the job may go on
     */
    public record Tools(TerraformProcesses terraform, CommandPolicy policy, ProcessLauncher processes, Clock clock) {
    }

    private final JobSettings settings;
    private final Stages stages;
    private final Tools tools;
    private final Clock clock;

    public JobStages(JobSettings settings, Stages stages, Tools tools) {
        this.settings = settings;
        this.stages = stages;
        this.tools = tools;
        this.clock = tools.clock();
    }

    JobResult run(JobResponse job, JobVariables variables, JobLimits limits, Workspace ws, JobContext ctx,
                  JobTrace trace) throws IOException {
        trace.println("Running with lambda-gitlab-runner-for-terraform " + settings.runner().version());
        trace.println("  on lambda-terraform " + settings.runner().shortToken());
        ScriptPlan plan;
        try {
            plan = prepare(job, trace);
        } catch (JobFailure refused) {
            return JobResult.failed(refused);
        }
        Duration timeout = limits.effectiveTimeout(job.runnerInfo().timeout());
        JobEnvironment.Built built = JobEnvironment.build(job, variables, ws, new JobEnvironment.Inputs(
                settings.runner(), settings.environment().passThrough(), settings.environment().pluginCacheDir(),
                tools.terraform().terraformBinary().getParent(), timeout, settings.environment().cliConfig()));
        built.droppedNotice().ifPresent(notice -> trace.println(YELLOW + "WARNING: " + notice + RESET));
        Map<String, String> env = built.env();
        try {
            stages.credentials().grant(job, env, trace);
        } catch (JobFailure denied) {
            return JobResult.failed(denied);
        }
        ctx.enter(ws.projectDir(), env);
        Optional<JobFailure> failure = Optional.empty();
        try {
            fetchSources(job, ws, ctx, trace);
            downloadArtifacts(job, ws, ctx, trace);
            section(trace, "step_script", "Executing \"step_script\" stage of the job script",
                    () -> stages.steps().run(plan.script(), ctx, ctx.scriptDeadline(), trace));
        } catch (JobFailure f) {
            failure = Optional.of(f);
        }
        afterScript(plan, failure, ctx, trace);
        failure = uploadArtifacts(job, failure, ws, ctx, trace);
        // the workspace itself is removed by the caller once this returns
        trace.sectionStart("cleanup_file_variables", CYAN + "Cleaning up project directory and file based variables" + RESET);
        trace.sectionEnd("cleanup_file_variables");
        return JobResult.of(failure);
    }

    private ScriptPlan prepare(JobResponse job, JobTrace trace) throws JobFailure {
        trace.sectionStart("prepare_executor", CYAN + "Preparing the \"lambda-terraform\" executor" + RESET);
        try {
            trace.println("Using Terraform at " + tools.terraform().terraformBinary() + " in a sandboxed child process");
            ImageNotes.of(job, tools.terraform()::version).forEach(note -> trace.println(YELLOW + "Note: " + note + RESET));
            return ScriptPlan.build(job, tools.policy());
        } finally {
            trace.sectionEnd("prepare_executor");
        }
    }

    private void fetchSources(JobResponse job, Workspace ws, JobContext ctx, JobTrace trace) throws JobFailure {
        tools.processes().checkStillRunning(ctx, ctx.scriptDeadline());
        String strategy = ctx.environment().getOrDefault("GIT_STRATEGY", "fetch").toLowerCase(Locale.ROOT);
        section(trace, "get_sources", "Getting source from Git repository", () -> {
            if (strategy.equals("none") || strategy.equals("empty")) {
                trace.println("Skipping Git repository setup (GIT_STRATEGY=" + strategy + ")");
                return;
            }
            var git = job.gitInfo();
            trace.println("Fetching changes" + (git.depth() > 0 ? " with git depth set to " + git.depth() : "") + "...");
            boolean checkout = !"false".equalsIgnoreCase(ctx.environment().get("GIT_CHECKOUT"));
            SourceRequest request = new SourceRequest(git.repoUrl(), git.ref(), git.refType(), git.sha(),
                    git.refspecs(), git.depth(), checkout, ws.projectDir(),
                    Duration.between(clock.instant(), ctx.scriptDeadline()));
            Writer log = new OutputStreamWriter(trace.output(), StandardCharsets.UTF_8);
            try {
                stages.sources().fetch(request, log, () -> ctx.haltReason(clock.instant(), ctx.scriptDeadline()).isPresent());
                log.flush();
            } catch (SourceException | IOException e) {
                tools.processes().checkStillRunning(ctx, ctx.scriptDeadline()); // a cancel or timeout explains the failure
                throw new JobFailure(FailureReason.RUNNER_SYSTEM_FAILURE, e.getMessage(), e);
            }
            if (checkout) {
                trace.println("Checking out " + abbreviate(git.sha()) + " as detached HEAD (ref is " + git.ref() + ")...");
            }
        });
    }

    private void downloadArtifacts(JobResponse job, Workspace ws, JobContext ctx, JobTrace trace) throws JobFailure {
        if (!stages.dependencies().hasWork(job)) {
            return;
        }
        tools.processes().checkStillRunning(ctx, ctx.scriptDeadline());
        section(trace, "download_artifacts", "Downloading artifacts",
                () -> stages.dependencies().download(job, ws.projectDir(), ws.tmpDir(), trace));
    }

    /**
     * Runs after after_script, also for a canceled job (GitLab's graceful cancel still takes on_failure
     * artifacts), not when GitLab has ended the job or the runner is going down. An upload failure fails a job
     * that had succeeded; an earlier failure stays the reported one.
     */
    private Optional<JobFailure> uploadArtifacts(JobResponse job, Optional<JobFailure> failure, Workspace ws,
                                                 JobContext ctx, JobTrace trace) {
        boolean succeeded = failure.isEmpty();
        var due = JobArtifactsStage.due(job, succeeded);
        boolean interrupted = failure.filter(f -> f.reason() == FailureReason.RUNNER_INTERRUPTED).isPresent();
        if (due.isEmpty() || ctx.aborted() || interrupted) {
            return failure;
        }
        String name = succeeded ? "upload_artifacts_on_success" : "upload_artifacts_on_failure";
        trace.sectionStart(name, CYAN + "Uploading artifacts for " + (succeeded ? "successful" : "failed") + " job"
                + RESET);
        Optional<JobFailure> uploadFailure;
        try {
            uploadFailure = stages.artifacts().upload(job, due, ctx.environment(), ws.projectDir(), ws.tmpDir(), trace);
        } finally {
            trace.sectionEnd(name);
        }
        return failure.or(() -> uploadFailure);
    }

    private void afterScript(ScriptPlan plan, Optional<JobFailure> failure, JobContext ctx, JobTrace trace) {
        if (plan.afterScript().isEmpty() || ctx.aborted()) {
            return;
        }
        Map<String, String> env = ctx.environment();
        env.put("CI_JOB_STATUS", failure.map(f -> f.reason() == FailureReason.JOB_CANCELED ? "canceled" : "failed")
                .orElse("success"));
        ctx.changeDirectory(ctx.projectDir());
        Duration limit = plan.afterScriptLimit().filter(d -> d.compareTo(settings.afterScriptTimeout()) < 0)
                .orElse(settings.afterScriptTimeout());
        Instant deadline = earliest(clock.instant().plus(limit), ctx.hardDeadline());
        try {
            ctx.beginAfterScript();
            section(trace, "after_script", "Running after_script",
                    () -> stages.steps().run(plan.afterScript(), ctx, deadline, trace));
        } catch (JobFailure f) {
            trace.println(YELLOW + "WARNING: after_script failed, but job will continue unaffected: "
                    + f.getMessage() + RESET);
        }
    }

    private static void section(JobTrace trace, String name, String header, Stage stage) throws JobFailure {
        trace.sectionStart(name, CYAN + header + RESET);
        try {
            stage.run();
        } finally {
            trace.sectionEnd(name);
        }
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static String abbreviate(String sha) {
        return sha == null ? "unknown" : sha.substring(0, Math.min(8, sha.length()));
    }

    /** One stage's body. */
    interface Stage {
        void run() throws JobFailure;
    }
}
