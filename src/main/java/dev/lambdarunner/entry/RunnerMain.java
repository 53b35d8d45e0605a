package dev.lambdarunner.entry;

import io.quarkus.arc.Unremovable;
import io.quarkus.runtime.ImageMode;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import picocli.CommandLine;

/**
 * The one entry point of both builds. Inside Lambda ({@code AWS_LAMBDA_RUNTIME_API} set) it only waits: the
 * Runtime-API poll loop serves invocations (the extension's loop in a native {@code bootstrap}, the same loop
 * started by {@link RuntimeApiLoop} in the JVM jar), and picocli never sees the bootstrap's empty argv, which would
 * be a usage error and an init failure. Anywhere else the JVM jar is the CLI, with the exit codes of
 * {@code cli.ExitCodes}. The native executable outside Lambda refuses to act as the CLI (see
 * {@link Entry#NATIVE_OUTSIDE_LAMBDA}). Started by {@link RunnerStart}, once the process is hardened.
 */
@Singleton
@Unremovable
public class RunnerMain implements QuarkusApplication {

    /** Exit code when the native bootstrap is run as a command (cli.ExitCodes' configuration error). */
    static final int NOT_A_CLI = 3;

    private final Instance<CommandLine> commandLine;

    RunnerMain(Instance<CommandLine> commandLine) {
        this.commandLine = commandLine;
    }

    @Override
    public int run(String... args) {
        return switch (Entry.of(System.getenv(Entry.RUNTIME_API), ImageMode.current().isNativeImage())) {
            case LAMBDA -> serveLambda();
            case CLI -> runCommand(args);
            case NATIVE_OUTSIDE_LAMBDA -> {
                System.err.println("error: this native executable is the Lambda bootstrap and runs only inside Lambda "
                        + "(AWS_LAMBDA_RUNTIME_API is not set); run the CLI from the JVM build: java -jar lambda-gitlab-runner-for-terraform-<version>-runner.jar");
                yield NOT_A_CLI;
            }
        };
    }

    /** Returns when the process is asked to stop; the loop's daemon thread ends with the process. */
    private static int serveLambda() {
        if (!ImageMode.current().isNativeImage()) {
            RuntimeApiLoop.start();
        }
        Quarkus.waitForExit();
        return 0;
    }

    /** What quarkus-picocli's own runner does, with the command line {@code cli.CommandLineSetup} produces. */
    private int runCommand(String... args) {
        CommandLine cli = commandLine.get();
        try {
            return cli.execute(args);
        } finally {
            cli.getOut().flush();
            cli.getErr().flush();
        }
    }
}
