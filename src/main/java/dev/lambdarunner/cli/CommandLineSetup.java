package dev.lambdarunner.cli;

import io.quarkus.picocli.runtime.PicocliCommandLineFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import picocli.CommandLine;

/** Users see a one-line message and a documented exit code, never a stack trace. */
@ApplicationScoped
class CommandLineSetup {

    @Produces
    CommandLine commandLine(PicocliCommandLineFactory factory) {
        return configure(factory.create());
    }

    /** One-line errors and the documented exit codes, for the application's command line and for tests. */
    static CommandLine configure(CommandLine commandLine) {
        ExitCodes exitCodes = new ExitCodes();
        return commandLine
                .setExitCodeExceptionMapper(exitCodes)
                .setParameterExceptionHandler((e, args) -> {
                    CommandLine cmd = e.getCommandLine();
                    cmd.getErr().println("error: " + e.getMessage() + " (see '" + cmd.getCommandSpec().qualifiedName()
                            + " --help')");
                    cmd.getErr().flush();
                    return ExitCodes.USAGE;
                })
                .setExecutionExceptionHandler((e, cmd, parseResult) -> {
                    cmd.getErr().println("error: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
                    cmd.getErr().flush();
                    return exitCodes.getExitCode(e);
                });
    }

    /** Commands read values from the environment and stdin, never from argv. */
    @Produces
    @Dependent
    OperatorInput operatorInput() {
        return OperatorInput.system();
    }
}
