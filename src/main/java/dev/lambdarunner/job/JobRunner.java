package dev.lambdarunner.job;

import dev.lambdarunner.gitlab.GitLabApiException;
import dev.lambdarunner.gitlab.GitLabRunnerApi;
import dev.lambdarunner.gitlab.UpdateResult;
import dev.lambdarunner.gitlab.dto.JobResponse;
import dev.lambdarunner.gitlab.dto.UpdateJobRequest;
import dev.lambdarunner.sandbox.StopReason;
import dev.lambdarunner.sandbox.Workspace;
import dev.lambdarunner.sensitive.Secret;
import dev.lambdarunner.trace.FinalState;
import dev.lambdarunner.trace.FinishResult;
import dev.lambdarunner.trace.JobTrace;
import dev.lambdarunner.trace.MaskSpec;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs one GitLab job from acceptance to its single final report, its stages given ({@link JobStages}, built by the
 * runner's wiring). With {@link JobStages} the only place that knows the order of the stages: accept, prepare (every script line checked), credentials, sources, dependency artifacts,
 * script, after_script, artifact upload, cleanup, report.
 * Whatever happens inside, the workspace is removed and the trace ends exactly once.
 */
public final class JobRunner {

    private static final Logger LOG = Logger.getLogger(JobRunner.class);

    private final GitLabRunnerApi api;
    private final JobSettings settings;
    private final JobStages stages;
    private final Clock clock;
    private final Set<JobContext> active = ConcurrentHashMap.newKeySet();

    /** @param api where jobs are accepted, their traces sent and their final states reported */
    public JobRunner(GitLabRunnerApi api, JobSettings settings, JobStages stages, Clock clock) {
        this.api = api;
        this.settings = settings;
        this.stages = stages;
        this.clock = clock;
    }

    public JobOutcome run(JobResponse job, JobLimits limits) {
        Instant start = clock.instant();
        LOG.infof("Running job... job_id=%d project_id=%d name=%s", job.id(), job.jobInfo().projectId(),
                job.jobInfo().name());
        Optional<UpdateResult> accepted = accept(job);
        if (accepted.isPresent() && accepted.get().state() == UpdateResult.State.ABORT) {
            LOG.warnf("Job gone before it started, nothing to report job_id=%d status=%s", job.id(),
                    accepted.get().jobStatus());
            return new JobOutcome(job.id(), false, Optional.empty(), false, Duration.between(start, clock.instant()));
        }
        JobVariables variables = new JobVariables(job.variables());
        JobTrace trace = new JobTrace(api, job.id(), job.token(), maskFor(job, variables, settings.secrets().alwaysMasked()),
                settings.trace());
        long timeout = job.runnerInfo().timeout();
        JobContext ctx = new JobContext(job, limits.scriptDeadline(start, timeout), limits.hardDeadline(),
                limits.scriptLimit(start, timeout));
        trace.onCancelRequested(() -> ctx.stop(StopReason.CANCELED));
        trace.onAborted(ctx::abort);
        if (accepted.isPresent() && accepted.get().cancelRequested()) {
            ctx.stop(StopReason.CANCELED);
        }
        active.add(ctx);
        trace.start();
        // Reported as a system failure unless execute() returns: even an Error still ends the trace once.
        JobResult result = JobResult.failed(new JobFailure(FailureReason.RUNNER_SYSTEM_FAILURE, null,
                "the runner failed unexpectedly"));
        FinishResult finished;
        try {
            result = execute(job, variables, limits, ctx, trace);
        } finally {
            active.remove(ctx);
            finished = report(job, trace, result, limits.reportBy());
        }
        return outcome(job, result, finished, start);
    }

    /** Stops every running job, e.g. on runner shutdown; each is still reported. */
    public void stopAll(StopReason reason) {
        active.forEach(ctx -> ctx.stop(reason));
    }

    public int activeJobs() {
        return active.size();
    }

    private JobResult execute(JobResponse job, JobVariables variables, JobLimits limits, JobContext ctx,
                              JobTrace trace) {
        try (Workspace workspace = Workspace.create(settings.workDir(), job.id())) {
            return stages.run(job, variables, limits, workspace, ctx, trace);
        } catch (IOException e) {
            return JobResult.failed(new JobFailure(FailureReason.RUNNER_SYSTEM_FAILURE,
                    "preparing the job workspace: " + e.getMessage(), e));
        } catch (RuntimeException e) {
            LOG.errorf(e, "Job crashed job_id=%d", job.id());
            return JobResult.failed(new JobFailure(FailureReason.RUNNER_SYSTEM_FAILURE, "unexpected runner error: " + e,
                    e));
        }
    }

    private Optional<UpdateResult> accept(JobResponse job) {
        try {
            return Optional.of(api.updateJob(job.id(), job.token(), UpdateJobRequest.running()));
        } catch (GitLabApiException e) {
            // The job is assigned to us either way; running it is the only way not to orphan it.
            LOG.warnf("Accepting job failed, running it anyway job_id=%d cause=%s", job.id(), e.getMessage());
            return Optional.empty();
        }
    }

    private FinishResult report(JobResponse job, JobTrace trace, JobResult result, Instant reportBy) {
        if (!(result instanceof JobResult.Failed failed)) {
            trace.println("\u001b[32;1mJob succeeded\u001b[0;m");
            return trace.finish(FinalState.success(), reportBy);
        }
        JobFailure failure = failed.cause();
        String kind = failure.systemFailure() ? "ERROR: Job failed (system failure): " : "ERROR: Job failed: ";
        trace.println("\u001b[31;1m" + kind + failure.getMessage() + "\u001b[0;m");
        return trace.finish(FinalState.failed(failure.reason().forServer(job.features().failureReasons()),
                failure.exitCode()), reportBy);
    }

    private JobOutcome outcome(JobResponse job, JobResult result, FinishResult finished, Instant start) {
        Duration elapsed = Duration.between(start, clock.instant());
        Optional<FailureReason> reason = result.failure().map(JobFailure::reason);
        LOG.infof("Job finished job_id=%d outcome=%s reason=%s report=%s duration_ms=%d", job.id(),
                result.succeeded() ? "success" : "failed", reason.map(FailureReason::wireName).orElse("-"),
                finished.outcome(), elapsed.toMillis());
        return new JobOutcome(job.id(), result.succeeded(), reason, finished.outcome() == FinishResult.Outcome.ACCEPTED,
                elapsed);
    }

    private static MaskSpec maskFor(JobResponse job, JobVariables variables, List<Secret> runnerSecrets) {
        Set<String> values = new LinkedHashSet<>(variables.maskedValues());
        runnerSecrets.forEach(secret -> values.add(secret.value()));
        if (job.token() != null) {
            values.add(job.token().value());
        }
        return MaskSpec.of(values, job.features().tokenMaskPrefixes());
    }
}
