package dev.lambdarunner.job;

import dev.lambdarunner.sandbox.SandboxProcess;
import dev.lambdarunner.sandbox.SandboxResult;
import dev.lambdarunner.sandbox.StopReason;
import dev.lambdarunner.script.ProjectPaths;
import dev.lambdarunner.script.ScriptCommand;
import dev.lambdarunner.script.Word;
import dev.lambdarunner.terraform.TerraformCall;
import dev.lambdarunner.terraform.TerraformRunner;
import dev.lambdarunner.trace.JobTrace;

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
 * Runs checked script commands in order: {@code cd}, {@code export} and assignments change the job's context,
 * {@code terraform} runs in the sandbox, {@code gitlab-terraform} through {@link WrapperExecutor}, the other built-ins
 * through {@link BuiltinCommands}, {@code if} blocks by their conditions' status. Stops at the first failing line
 * outside a condition, as sh with {@code errexit} does.
 */
final class StepExecutor {

    private static final String GREEN = "\u001b[32;1m";
    private static final String RESET = "\u001b[0;m";

    private final TerraformRunner terraform;
    private final Clock clock;
    private final WrapperExecutor wrappers;

    StepExecutor(TerraformRunner terraform, Clock clock) {
        this.terraform = terraform;
        this.clock = clock;
        this.wrappers = new WrapperExecutor(this);
    }

    void run(List<ScriptCommand> commands, JobContext ctx, Instant deadline, JobTrace trace) throws JobFailure {
        for (ScriptCommand command : commands) {
            checkStillRunning(ctx, deadline);
            if (command instanceof ScriptCommand.If block) {
                runIf(block, ctx, deadline, trace);
                continue;
            }
            int status = runOne(command, ctx, deadline, trace);
            if (status != 0) {
                throw new JobFailure(FailureReason.SCRIPT_FAILURE, status, "exit code " + status);
            }
        }
    }

    /** The first branch whose condition succeeds runs, else the {@code else} part; a condition never fails the job. */
    private void runIf(ScriptCommand.If block, JobContext ctx, Instant deadline, JobTrace trace) throws JobFailure {
        for (ScriptCommand.Branch branch : block.branches()) {
            int status = 0;
            for (ScriptCommand condition : branch.condition()) {
                checkStillRunning(ctx, deadline);
                status = runOne(condition, ctx, deadline, trace);
            }
            if (status == 0) {
                run(branch.body(), ctx, deadline, trace);
                return;
            }
        }
        run(block.otherwise(), ctx, deadline, trace);
    }

    /** Runs one simple command; a process that fails ends the job here, a built-in returns its status. */
    private int runOne(ScriptCommand command, JobContext ctx, Instant deadline, JobTrace trace) throws JobFailure {
        // the line as written, never expanded: expansion may contain credentials
        trace.println(GREEN + "$ " + command.line().source() + RESET);
        if (BuiltinCommands.isBuiltin(command)) {
            return BuiltinCommands.run(command, ctx, trace);
        }
        if (command instanceof ScriptCommand.Export export) {
            for (ScriptCommand.Assignment a : export.assignments()) {
                ctx.export(a.name(), a.value().expand(ctx::variable));
            }
        } else if (command instanceof ScriptCommand.ChangeDirectory cd) {
            ctx.changeDirectory(inside(ctx, cd.target().expand(ctx::variable)));
        } else if (command instanceof ScriptCommand.Terraform tf) {
            runTerraform(tf, ctx, deadline, trace);
        } else if (command instanceof ScriptCommand.GitLabTerraform wrapper) {
            wrappers.run(wrapper, ctx, deadline, trace);
        }
        return 0;
    }

    private void runTerraform(ScriptCommand.Terraform tf, JobContext ctx, Instant deadline, JobTrace trace)
            throws JobFailure {
        List<String> args = Word.expandAll(tf.args(), ctx::variable);
        if (tf.chdir().isPresent()) {
            inside(ctx, tf.chdir().get().expand(ctx::variable));
        }
        int exit = runProcess(tf.tool(), args, Map.copyOf(ctx.environment()), trace.output(), ctx, deadline);
        if (exit != 0) {
            throw new JobFailure(FailureReason.SCRIPT_FAILURE, exit, "exit code " + exit);
        }
    }

    /** Runs one Terraform process of the job in its current directory to its end; a stop becomes a failure. */
    int runProcess(String tool, List<String> args, Map<String, String> env, OutputStream output,
                   JobContext ctx, Instant deadline) throws JobFailure {
        Duration timeout = Duration.between(clock.instant(), deadline);
        if (timeout.isNegative() || timeout.isZero()) {
            throw stopped(StopReason.TIMEOUT, ctx.limitAt(deadline), deadline);
        }
        TerraformCall call = new TerraformCall(tool, args, ctx.currentDir(), env, timeout, output);
        SandboxResult result = await(startProcess(call, ctx), ctx);
        if (result.stoppedBy().isPresent()) {
            throw stopped(result.stoppedBy().get(), ctx.limitAt(deadline), deadline);
        }
        return result.exitCode();
    }

    private SandboxProcess startProcess(TerraformCall call, JobContext ctx) throws JobFailure {
        try {
            return terraform.start(call);
        } catch (IOException e) {
            throw new JobFailure(FailureReason.RUNNER_SYSTEM_FAILURE, e.getMessage(), e);
        }
    }

    private static SandboxResult await(SandboxProcess process, JobContext ctx) throws JobFailure {
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

    void checkStillRunning(JobContext ctx, Instant deadline) throws JobFailure {
        Optional<StopReason> halt = ctx.haltReason(clock.instant(), deadline);
        if (halt.isPresent()) {
            throw stopped(halt.get(), ctx.limitAt(deadline), deadline);
        }
    }

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
