package dev.lambdarunner.job;

import dev.lambdarunner.gitlab.dto.JobResponse;
import dev.lambdarunner.sandbox.ProcessSandbox;
import dev.lambdarunner.sandbox.SandboxProcess;
import dev.lambdarunner.sandbox.SandboxResult;
import dev.lambdarunner.sandbox.SandboxSpec;
import dev.lambdarunner.sandbox.StopReason;
import dev.lambdarunner.sensitive.Secret;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class JobContextTest {

    @TempDir
    Path dir;

    private final JobContext ctx = new JobContext(new JobResponse(1, Secret.of("t"), false, null, null, null, null, null,
            null, null, null, null, null, null), Instant.now().plusSeconds(60), Instant.MAX, "the job's timeout");

    @Test
    void aStopRequestReturnsAtOnceWhileTheProcessGetsItsWholeGrace() throws Exception {
        // ignores SIGTERM, so the sandbox must wait the full kill grace before killing it
        SandboxProcess process = new ProcessSandbox().start(new SandboxSpec(
                List.of("/bin/sh", "-c", "trap '' TERM; sleep 296"), dir, Map.of("PATH", "/usr/bin:/bin"),
                Duration.ofMinutes(1), Duration.ofSeconds(3), new ByteArrayOutputStream()));
        ctx.attach(process);

        long start = System.nanoTime();
        ctx.stop(StopReason.CANCELED); // called from the trace upload thread: it must not be held up
        Duration stopCall = Duration.ofNanos(System.nanoTime() - start);

        SandboxResult result = process.await();
        assertThat(stopCall).isLessThan(Duration.ofMillis(500));
        assertThat(result.stoppedBy()).contains(StopReason.CANCELED);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
        assertThat(ProcessHandle.allProcesses().map(p -> p.info().commandLine().orElse(""))
                .filter(c -> c.contains("sleep 296"))).isEmpty();
    }

    @Test
    void aStopAskedBeforeTheProcessStartsStopsItWhenAttached() throws Exception {
        ctx.stop(StopReason.SHUTDOWN);
        SandboxProcess process = new ProcessSandbox().start(new SandboxSpec(List.of("/bin/sleep", "295"), dir,
                Map.of(), Duration.ofMinutes(1), Duration.ofSeconds(1), new ByteArrayOutputStream()));

        ctx.attach(process);

        assertThat(process.await().stoppedBy()).contains(StopReason.SHUTDOWN);
    }

    @Test
    void haltReasonIsTheStopAskedForElseTimeoutPastTheDeadline() {
        Instant deadline = Instant.parse("2026-11-26T10:00:00Z");

        assertThat(ctx.haltReason(deadline.minusSeconds(1), deadline)).isEmpty();
        assertThat(ctx.haltReason(deadline, deadline)).contains(StopReason.TIMEOUT);
        ctx.stop(StopReason.CANCELED);
        assertThat(ctx.haltReason(deadline, deadline)).contains(StopReason.CANCELED);
    }
}
