package dev.lambdarunner.sandbox;

import static dev.lambdarunner.sandbox.SandboxBench.LONG;
import static dev.lambdarunner.sandbox.SandboxBench.WAIT_FOR_OUTPUT;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Real terraform 1.11 under the sandbox: its errors, exit codes and graceful stop on SIGTERM. Needs terraform. */
class ProcessSandboxTerraformIT {

    /** A grace no stop in these tests may wait out: terraform ends on SIGTERM within seconds. */
    private static final Duration GRACE_NEVER_WAITED = Duration.ofMinutes(2);

    @TempDir
    Path dir;

    @RegisterExtension
    final SandboxBench bench = new SandboxBench();

    @Test
    void terraformErrorAndExitCodePassThrough() throws Exception {
        TerraformFixture project = new TerraformFixture(dir, "resource \"terraform_data\" \"x\" {\n  bogus = 1\n}\n");

        SandboxResult result = bench.sandbox.start(project.spec(List.of("plan"), LONG, Duration.ofSeconds(1),
                bench.sink)).await();

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stoppedBy()).isEmpty();
        assertThat(bench.sink.text()).contains("Error: Unsupported argument", "bogus")
                .doesNotContain("CLI configuration");
    }

    @Test
    void timeoutStopsTerraformGracefullyAndLeavesNothingRunning() throws Exception {
        TerraformFixture project = initialisedSlowProject();
        Duration timeout = Duration.ofMillis(1500);
        Duration grace = Duration.ofSeconds(2);

        SandboxResult result = bench.sandbox.start(project.spec(applyArgs(), timeout, grace, bench.sink)).await();

        assertThat(result.stoppedBy()).contains(StopReason.TIMEOUT);
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.elapsed()).as("ran until the timeout").isGreaterThanOrEqualTo(timeout);
        assertThat(bench.sink.text()).contains("Executing: [\"/bin/sh\" \"-c\" \"sleep " + bench.marker() + "\"]",
                "Interrupt received.", "Gracefully shutting down...");
        assertThat(LiveProcesses.withMarker(bench.marker())).isEmpty();
    }

    @Test
    void cancelFromAnotherThreadStopsGracefullyAndIsIdempotent() throws Exception {
        TerraformFixture project = initialisedSlowProject();
        SandboxProcess process = bench.sandbox.start(project.spec(applyArgs(), LONG, GRACE_NEVER_WAITED, bench.sink));
        assertThat(bench.sink.awaitText("sleep " + bench.marker() + "\"]", WAIT_FOR_OUTPUT)).isTrue();
        LiveProcesses.awaitRunning("sleep " + bench.marker(), WAIT_FOR_OUTPUT);

        long stopAt = System.nanoTime();
        Thread canceller = new Thread(() -> process.stop(StopReason.CANCELED));
        canceller.start();
        SandboxResult result = process.await();
        canceller.join();
        process.stop(StopReason.SHUTDOWN);

        assertThat(result.stoppedBy()).contains(StopReason.CANCELED);
        assertThat(process.await()).isEqualTo(result);
        assertThat(bench.sink.text()).contains("Gracefully shutting down...");
        // Terraform ends right after SIGTERM, so the grace must not be waited out: with a grace of minutes, any
        // stop shorter than it shows that, however slow the machine.
        assertThat(Duration.ofNanos(System.nanoTime() - stopAt)).isLessThan(GRACE_NEVER_WAITED);
        assertThat(LiveProcesses.withMarker(bench.marker())).isEmpty();
    }

    private TerraformFixture initialisedSlowProject() throws Exception {
        TerraformFixture project = new TerraformFixture(dir, TerraformFixture.SLOW_APPLY);
        RecordingSink initOutput = new RecordingSink();
        SandboxResult init = bench.sandbox.start(project.spec(List.of("init"), LONG, Duration.ofSeconds(1), initOutput))
                .await();
        assertThat(init.exitCode()).as(initOutput.text()).isZero();
        return project;
    }

    private List<String> applyArgs() {
        return List.of("apply", "-auto-approve", "-var=marker=" + bench.marker());
    }

}
