package dev.lambdarunner.entry;

import dev.lambdarunner.sandbox.Hardening;
import dev.lambdarunner.sandbox.RunnerHardening;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * The process's {@code main}, in both builds: hardens the process before anything else runs (before Quarkus reads
 * configuration, the runner token or a secret), then starts {@link RunnerMain}. In the JVM this may re-execute the
 * process in place once, to turn the attach mechanism off ({@code RunnerHardening}); a native executable has no
 * attach mechanism. What could not be hardened is said here, and jobs are refused later
 * ({@code poller.RunnerFactory}) unless the operator allows it.
 */
@QuarkusMain
public final class RunnerStart {

    RunnerStart() {
    }

    public static void main(String... args) {
        // Quarkus's generated main sets this first; hardening touches java.lang.management, which would otherwise
        // start JUL's own LogManager and print an error on every command.
        System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
        Hardening hardening = RunnerHardening.atStart();
        if (!hardening.complete()) {
            System.err.println("warning: " + hardening.describe() + "; jobs are refused unless "
                    + "RUNNER_SANDBOX_ALLOW_UNHARDENED_RUNNER=true (runner.sandbox.allow-unhardened-runner)");
        }
        Quarkus.run(RunnerMain.class, args);
    }
}
