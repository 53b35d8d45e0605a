package dev.lambdarunner.job;

import dev.lambdarunner.gitlab.GitLabArtifactsApi;
import dev.lambdarunner.gitlab.dto.JobResponse;
import dev.lambdarunner.sandbox.Workspace;
import dev.lambdarunner.script.CommandPolicy;
import dev.lambdarunner.sources.SourceException;
import dev.lambdarunner.sources.SourceFetcher;
import dev.lambdarunner.sources.SourceRequest;
import dev.lambdarunner.terraform.TerraformRunner;
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

/**
 * The stages of a job in a fresh workspace, each in its own collapsible log section. Returns the job's
 * failure, or {@code null} when it succeeded; after_script runs whatever the script did, unless GitLab
 * has already ended the job.
 */
final class JobStages {

    private static final String CYAN = "\u001b[36;1m";
    private static final String YELLOW = "\u001b[0;33m";
    private static final String RESET = "\u001b[0;m";

    private final JobSettings settings;
    private final SourceFetcher sources;
    private final TerraformRunner terraform;
    private final CommandPolicy policy;
    private final StepExecutor steps;
    private final JobCredentialsStage credentials;
    private final JobDependenciesStage dependencies;
    private final JobArtifactsStage artifacts;
    private final Clock clock;

    JobStages(JobSettings settings, SourceFetcher sources, TerraformRunner terraform, CommandPolicy policy,
              StepExecutor steps, GitLabArtifactsApi artifactsApi, Clock clock) {
        this.settings = settings;
        this.sources = sources;
        this.terraform = terraform;
        this.policy = policy;
        this.steps = steps;
        this.credentials = new JobCredentialsStage(settings.credentials());
        this.dependencies = new JobDependenciesStage(artifactsApi, settings.artifacts());
        this.artifacts = new JobArtifactsStage(artifactsApi, settings.artifacts());
        this.clock = clock;
    }

    JobFailure run(JobResponse job, JobVariables variables, JobLimits limits, Workspace ws, JobContext ctx,
                   JobTrace trace) throws IOException {
        trace.println("Running with lambda-gitlab-runner-for-terraform " + settings.runner().version());
        trace.println("  on lambda-terraform " + settings.runner().shortToken());
        ScriptPlan plan;
        try {
            plan = prepare(job, trace);
        } catch (JobFailure refused) {
            return refused;
        }
        Duration timeout = limits.effectiveTimeout(job.runnerInfo().timeout());
        JobEnvironment.Built built = JobEnvironment.build(job, variables, ws, new JobEnvironment.Inputs(
                settings.runner(), settings.passThrough(), settings.pluginCacheDir(),
                terraform.binaries().terraform().getParent(), timeout, settings.cliConfig()));
        built.droppedNotice().ifPresent(notice -> trace.println(YELLOW + "WARNING: " + notice + RESET));
        Map<String, String> env = built.env();
        try {
            credentials.grant(job, env, trace);
        } catch (JobFailure denied) {
            return denied;
        }
        ctx.enter(ws.projectDir(), env);
        JobFailure failure = null;
        try {
            fetchSources(job, ws, ctx, trace);
            downloadArtifacts(job, ws, ctx, trace);
            section(trace, "step_script", "Executing \"step_script\" stage of the job script",
                    () -> steps.run(plan.script(), ctx, ctx.scriptDeadline(), trace));
        } catch (JobFailure f) {
            failure = f;
        }
        afterScript(plan, failure, ctx, trace);
        failure = uploadArtifacts(job, failure, ws, ctx, trace);
        // the workspace itself is removed by the caller once this returns
        trace.sectionStart("cleanup_file_variables", CYAN + "Cleaning up project directory and file based variables" + RESET);
        trace.sectionEnd("cleanup_file_variables");
        return failure;
    }

    private ScriptPlan prepare(JobResponse job, JobTrace trace) throws JobFailure {
        trace.sectionStart("prepare_executor", CYAN + "Preparing the \"lambda-terraform\" executor" + RESET);
        try {
            trace.println("Using Terraform at " + terraform.binaries().terraform() + " in a sandboxed child process");
            ImageNotes.of(job, terraform::version).forEach(note -> trace.println(YELLOW + "Note: " + note + RESET));
            return ScriptPlan.build(job, policy);
        } finally {
            trace.sectionEnd("prepare_executor");
        }
    }

    private void fetchSources(JobResponse job, Workspace ws, JobContext ctx, JobTrace trace) throws JobFailure {
        steps.checkStillRunning(ctx, ctx.scriptDeadline());
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
                sources.fetch(request, log, () -> ctx.haltReason(clock.instant(), ctx.scriptDeadline()).isPresent());
                log.flush();
            } catch (SourceException | IOException e) {
                steps.checkStillRunning(ctx, ctx.scriptDeadline()); // a cancel or timeout explains the failure
                throw new JobFailure(FailureReason.RUNNER_SYSTEM_FAILURE, e.getMessage(), e);
            }
            if (checkout) {
                trace.println("Checking out " + abbreviate(git.sha()) + " as detached HEAD (ref is " + git.ref() + ")...");
            }
        });
    }

    private void downloadArtifacts(JobResponse job, Workspace ws, JobContext ctx, JobTrace trace) throws JobFailure {
        if (!dependencies.hasWork(job)) {
            return;
        }
        steps.checkStillRunning(ctx, ctx.scriptDeadline());
        section(trace, "download_artifacts", "Downloading artifacts",
                () -> dependencies.download(job, ws.projectDir(), ws.tmpDir(), trace));
    }

    /**
     * Runs after after_script, also for a canceled job (GitLab's graceful cancel still takes on_failure
     * artifacts), not when GitLab has ended the job or the runner is going down. An upload failure fails a job
     * that had succeeded; an earlier failure stays the reported one.
     */
    private JobFailure uploadArtifacts(JobResponse job, JobFailure failure, Workspace ws, JobContext ctx,
                                       JobTrace trace) {
        boolean succeeded = failure == null;
        var due = JobArtifactsStage.due(job, succeeded);
        if (due.isEmpty() || ctx.aborted() || (failure != null && failure.reason() == FailureReason.RUNNER_INTERRUPTED)) {
            return failure;
        }
        String name = succeeded ? "upload_artifacts_on_success" : "upload_artifacts_on_failure";
        trace.sectionStart(name, CYAN + "Uploading artifacts for " + (succeeded ? "successful" : "failed") + " job"
                + RESET);
        JobFailure uploadFailure;
        try {
            uploadFailure = artifacts.upload(job, due, ctx.environment(), ws.projectDir(), ws.tmpDir(), trace);
        } finally {
            trace.sectionEnd(name);
        }
        return failure != null ? failure : uploadFailure;
    }

    private void afterScript(ScriptPlan plan, JobFailure failure, JobContext ctx, JobTrace trace) {
        if (plan.afterScript().isEmpty() || ctx.aborted()) {
            return;
        }
        Map<String, String> env = ctx.environment();
        env.put("CI_JOB_STATUS", failure == null ? "success"
                : failure.reason() == FailureReason.JOB_CANCELED ? "canceled" : "failed");
        ctx.changeDirectory(ctx.projectDir());
        Duration limit = plan.afterScriptLimit().filter(d -> d.compareTo(settings.afterScriptTimeout()) < 0)
                .orElse(settings.afterScriptTimeout());
        Instant deadline = earliest(clock.instant().plus(limit), ctx.hardDeadline());
        try {
            ctx.beginAfterScript();
            section(trace, "after_script", "Running after_script",
                    () -> steps.run(plan.afterScript(), ctx, deadline, trace));
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
