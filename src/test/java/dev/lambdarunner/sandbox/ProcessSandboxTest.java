package dev.lambdarunner.sandbox;

import static dev.lambdarunner.sandbox.SandboxBench.LONG;
import static dev.lambdarunner.sandbox.SandboxBench.WAIT_FOR_OUTPUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Real processes: small commands building process trees (terraform ones: {@link ProcessSandboxTerraformIT}). */
class ProcessSandboxTest {


    @TempDir
    Path dir;

    @RegisterExtension
    final SandboxBench bench = new SandboxBench();

    @Test
    void childGetsExactlyTheSpecEnvironment() throws Exception {
        Map<String, String> env = new HashMap<>(EnvAllowlist.passThrough(System.getenv(), List.of("HOME", "LANG")));
        env.put("TF_IN_AUTOMATION", "true");
        env.put("SPACED", "two words = one value");

        bench.sandbox.start(spec(List.of("/usr/bin/env"), env, LONG, Duration.ofSeconds(1))).await();

        Map<String, String> seen = bench.sink.text().lines()
                .map(line -> line.split("=", 2))
                .collect(Collectors.toMap(pair -> pair[0], pair -> pair[1]));
        assertThat(seen).isEqualTo(env).doesNotContainKeys("TF_CLI_CONFIG_FILE", "PATH");
    }

    @Test
    void processIgnoringSigtermIsKilledAfterTheGrace() throws Exception {
        // Two sleeps keep the shell busy, so it can only end by SIGKILL.
        String script = "trap '' TERM; sleep %s; sleep %s".formatted(bench.marker(), bench.marker());
        Duration grace = Duration.ofSeconds(1);
        SandboxProcess process = bench.sandbox.start(spec(List.of("/bin/sh", "-c", script), Map.of(), LONG, grace));
        LiveProcesses.awaitRunning("sleep " + bench.marker(), WAIT_FOR_OUTPUT);

        long stopAt = System.nanoTime();
        process.stop(StopReason.CANCELED);
        Duration stopping = Duration.ofNanos(System.nanoTime() - stopAt);
        SandboxResult result = process.await();

        assertThat(stopping).as("the grace was waited out before SIGKILL").isGreaterThanOrEqualTo(grace);
        assertThat(result.stoppedBy()).contains(StopReason.CANCELED);
        assertThat(result.exitCode()).isEqualTo(128 + 9);
        assertThat(LiveProcesses.withMarker(bench.marker())).isEmpty();
    }

    @Test
    void outputArrivesInOrderWhileTheProcessRuns() throws Exception {
        String script = "printf first; sleep 1; printf ' second' >&2; printf ' third'";
        SandboxProcess process = bench.sandbox.start(spec(List.of("/bin/sh", "-c", script), Map.of(), LONG,
                Duration.ofSeconds(1)));

        assertThat(bench.sink.awaitText("first", WAIT_FOR_OUTPUT)).isTrue();
        assertThat(ProcessHandle.of(process.pid()).map(ProcessHandle::isAlive)).contains(true);
        SandboxResult result = process.await();

        assertThat(result).extracting(SandboxResult::exitCode, SandboxResult::stoppedBy).containsExactly(0,
                Optional.empty());
        assertThat(bench.sink.text()).isEqualTo("first second third");
    }

    @Test
    void orphanedBackgroundChildIsKilledWhenTheProcessEnds() throws Exception {
        // The subshell exits at once, so the sleep is reparented to init before any snapshot can see it.
        String script = "(sleep %s &); sleep 0.3; echo parent-done".formatted(bench.marker());
        long startedAt = System.nanoTime();

        SandboxResult result = bench.sandbox.start(spec(List.of("/bin/sh", "-c", script), Map.of(), LONG,
                Duration.ofSeconds(1))).await();

        // Not waiting for the orphan: the result came long before its sleep (~290 s) could have ended.
        Duration orphanSleep = Duration.ofMillis((long) (Double.parseDouble(bench.marker()) * 1000));
        assertThat(Duration.ofNanos(System.nanoTime() - startedAt)).isLessThan(orphanSleep);
        assertThat(result.exitCode()).isZero();
        assertThat(bench.sink.text()).isEqualTo("parent-done\n");
        assertThat(LiveProcesses.withMarker(bench.marker())).isEmpty();
    }

    @Test
    void stopAfterTheProcessEndedChangesNothing() throws Exception {
        SandboxProcess process = bench.sandbox.start(spec(List.of("/bin/true"), Map.of(), LONG, Duration.ofSeconds(1)));
        SandboxResult result = process.await();

        process.stop(StopReason.CANCELED);

        assertThat(process.await()).isEqualTo(result);
        assertThat(result.stoppedBy()).isEmpty();
    }

    @Test
    void startFailureNamesProgramDirectoryAndCause() {
        SandboxSpec spec = spec(List.of("/nonexistent/terraform", "plan"), Map.of(), LONG, Duration.ofSeconds(1));

        assertThatThrownBy(() -> bench.sandbox.start(spec))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("starting '/nonexistent/terraform' in " + dir + ": ")
                .hasMessageContaining("No such file or directory");
    }

    private SandboxSpec spec(List<String> argv, Map<String, String> env, Duration timeout, Duration grace) {
        return new SandboxSpec(argv, dir, env, timeout, grace, bench.sink);
    }
}
