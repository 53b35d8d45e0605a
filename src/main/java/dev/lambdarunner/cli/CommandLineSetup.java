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
        ExitCodes exitCodes = new ExitCodes();
        return factory.create()
                .setExitCodeExceptionMapper(exitCodes)
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
