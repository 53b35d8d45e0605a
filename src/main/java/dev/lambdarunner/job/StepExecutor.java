package dev.lambdarunner.job;

import dev.lambdarunner.script.ScriptCommand;
import dev.lambdarunner.script.Word;
import dev.lambdarunner.trace.JobTrace;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Runs checked script commands in order: {@code cd}, {@code export} and assignments change the job's context,
 * {@code terraform} runs in the sandbox, {@code gitlab-terraform} through {@link WrapperExecutor}, the other built-ins
 * through {@link BuiltinCommands}, {@code if} blocks by their conditions' status. Stops at the first failing line
 * outside a condition, as sh with {@code errexit} does.
 */
public final class StepExecutor {

    private static final String GREEN = "\u001b[32;1m";
    private static final String RESET = "\u001b[0;m";

    private final ProcessLauncher processes;
    private final WrapperExecutor wrappers;

    public StepExecutor(ProcessLauncher processes, WrapperExecutor wrappers) {
        this.processes = processes;
        this.wrappers = wrappers;
    }

    void run(List<ScriptCommand> commands, JobContext ctx, Instant deadline, JobTrace trace) throws JobFailure {
        for (ScriptCommand command : commands) {
            processes.checkStillRunning(ctx, deadline);
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
                processes.checkStillRunning(ctx, deadline);
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
            ctx.changeDirectory(ProcessLauncher.inside(ctx, cd.target().expand(ctx::variable)));
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
            ProcessLauncher.inside(ctx, tf.chdir().get().expand(ctx::variable));
        }
        int exit = processes.run(tf.tool(), args, Map.copyOf(ctx.environment()), trace.output(), ctx, deadline);
        if (exit != 0) {
            throw new JobFailure(FailureReason.SCRIPT_FAILURE, exit, "exit code " + exit);
        }
    }
}
