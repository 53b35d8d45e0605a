package dev.lambdarunner.job;

import dev.lambdarunner.script.ScriptCommand;
import dev.lambdarunner.script.TestExpression;
import dev.lambdarunner.script.Word;
import dev.lambdarunner.trace.JobTrace;

/**
 * Runs the script's built-ins in the runner itself, starting no process: {@code echo} writes to the job log (masked
 * like everything there), {@code NAME=value} sets a variable of the job's shell state, {@code [ ]}/{@code test} and
 * {@code true}/{@code false} give a status. Words expand as for every other line.
 */
final class BuiltinCommands {

    private BuiltinCommands() {
    }

    /** Whether {@code command} is one of the built-ins {@link #run} takes. */
    static boolean isBuiltin(ScriptCommand command) {
        return command instanceof ScriptCommand.Echo || command instanceof ScriptCommand.Assign
                || command instanceof ScriptCommand.Test || command instanceof ScriptCommand.Status;
    }

    /** Runs a built-in; returns its exit status as sh would (0 true, 1 false, 2 a test sh cannot read). */
    static int run(ScriptCommand command, JobContext ctx, JobTrace trace) {
        if (command instanceof ScriptCommand.Echo echo) {
            trace.println(String.join(" ", Word.expandAll(echo.args(), ctx::variable)));
            return 0;
        }
        if (command instanceof ScriptCommand.Assign assign) {
            for (ScriptCommand.Assignment a : assign.assignments()) {
                ctx.assign(a.name(), a.value().expand(ctx::variable));
            }
            return 0;
        }
        if (command instanceof ScriptCommand.Test test) {
            TestExpression.Result result = TestExpression.evaluate(Word.expandAll(test.args(), ctx::variable));
            if (!result.error().isEmpty()) {
                trace.println(result.error());
            }
            return result.status();
        }
        if (command instanceof ScriptCommand.Status status) {
            return status.success() ? 0 : 1;
        }
        throw new IllegalArgumentException("running " + command.line().source() + ": not a built-in");
    }
}
