package dev.lambdarunner.job;

import dev.lambdarunner.sandbox.RunningProcess;
import dev.lambdarunner.sandbox.SandboxResult;
import dev.lambdarunner.sandbox.StopReason;
import dev.lambdarunner.script.ProjectPaths;
import dev.lambdarunner.terraform.TerraformCall;
import dev.lambdarunner.terraform.TerraformProcesses;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs one Terraform or OpenTofu process of a job to its end, and says whether the job may go on (not stopped, not
 * past its deadline). Shared by the script's own lines ({@link StepExecutor}) and the wrapper's steps
 * ({@link WrapperExecutor}), which therefore do not need each other.
 */
public final class ProcessLauncher {

    private final TerraformProcesses terraform;
    private final Clock clock;

    public ProcessLauncher(TerraformProcesses terraform, Clock clock) {
        this.terraform = terraform;
        this.clock = clock;
    }

    /** Runs one process of the job in its current directory to its end; a stop becomes a failure. */
    int run(String tool, List<String> args, Map<String, String> env, OutputStream output, JobContext ctx,
            Instant deadline) throws JobFailure {
        Duration timeout = Duration.between(clock.instant(), deadline);
        if (timeout.isNegative() || timeout.isZero()) {
            throw stopped(StopReason.TIMEOUT, ctx.limitAt(deadline), deadline);
        }
        TerraformCall call = new TerraformCall(tool, args, ctx.currentDir(), env, timeout, output);
        SandboxResult result = await(start(call), ctx);
        if (result.stoppedBy().isPresent()) {
            throw stopped(result.stoppedBy().get(), ctx.limitAt(deadline), deadline);
        }
        return result.exitCode();
    }

    /** Fails with the reason the job must stop, if it must: a stop asked for, or {@code deadline} passed. */
    void checkStillRunning(JobContext ctx, Instant deadline) throws JobFailure {
        Optional<StopReason> halt = ctx.haltReason(clock.instant(), deadline);
        if (halt.isPresent()) {
            throw stopped(halt.get(), ctx.limitAt(deadline), deadline);
        }
    }

    private RunningProcess start(TerraformCall call) throws JobFailure {
        try {
            return terraform.start(call);
        } catch (IOException e) {
            throw new JobFailure(FailureReason.RUNNER_SYSTEM_FAILURE, e.getMessage(), e);
        }
    }

    private static SandboxResult await(RunningProcess process, JobContext ctx) throws JobFailure {
        ctx.attach(process);
        try {
            return process.await();
        } catch (InterruptedException e) {
            process.stop(StopReason.SHUTDOWN);
            Thread.currentThread().interrupt();
            throw new JobFailure(FailureReason.RUNNER_INTERRUPTED, null, "the runner was interrupted");
        } finally {
            ctx.detach();
        }
    }

    /** {@code target} resolved against the current directory, refused unless it stays inside the project. */
    static Path inside(JobContext ctx, String target) throws JobFailure {
        try {
            return ProjectPaths.resolveInside(ctx.projectDir(), ctx.currentDir(), target);
        } catch (IllegalArgumentException e) {
            throw new JobFailure(FailureReason.SCRIPT_FAILURE, 1, e.getMessage());
        }
    }

    /** @param limit which limit {@code deadline} is (GitLab's job timeout, the runner's maximum, ...) */
    static JobFailure stopped(StopReason reason, String limit, Instant deadline) {
        return switch (reason) {
            case TIMEOUT -> new JobFailure(FailureReason.JOB_EXECUTION_TIMEOUT, null,
                    "execution took longer than allowed, stopped by " + limit + " at " + deadline);
            case CANCELED -> new JobFailure(FailureReason.JOB_CANCELED, null, "canceled");
            case SHUTDOWN -> new JobFailure(FailureReason.RUNNER_INTERRUPTED, null, "the runner is shutting down");
        };
    }
}
