package dev.lambdarunner.sandbox;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.time.Duration;

/**
 * What a test of real sandboxed processes works with: the sandbox, the sink its processes write to, and the
 * {@link MarkedSleeps} of the test, so that nothing it started outlives it. Registered as an extension.
 */
final class SandboxBench implements AfterEachCallback {

    /** A timeout no process of these tests is meant to reach. */
    static final Duration LONG = Duration.ofSeconds(30);
    /** How long a test waits for output or a process it expects, on a busy machine. */
    static final Duration WAIT_FOR_OUTPUT = Duration.ofSeconds(10);

    final ProcessSandbox sandbox = new ProcessSandbox();
    final RecordingSink sink = new RecordingSink();
    private final MarkedSleeps sleeps = new MarkedSleeps();

    /** This test's sleep duration, e.g. {@code sleep <marker>}. */
    String marker() {
        return sleeps.marker();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        sleeps.afterEach(context);
    }
}
