package dev.lambdarunner.poller;

import dev.lambdarunner.sandbox.Hardening;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class IsolationGateTest {

    @Test
    void oneJobAtATimeNeedsNoOptIn() {
        assertThat(IsolationGate.concurrencyRefusal(1, false)).isEmpty();
    }

    @Test
    void concurrentJobsAreRefusedWithWhatTheyWouldExposeAndTheSettingThatAcceptsIt() {
        assertThat(IsolationGate.concurrencyRefusal(3, false)).hasValueSatisfying(message -> assertThat(message)
                .startsWith("refusing --concurrent 3")
                .contains("/proc/<pid>/environ", "workspaces", IsolationGate.CONCURRENT_OPT_IN + "=true",
                        "runner.allow-concurrent-jobs-to-read-each-other"));
        assertThat(IsolationGate.concurrencyRefusal(3, true)).isEmpty();
    }

    @Test
    void anUnhardenedRunnerIsRefusedNamingTheGapAndTheOptOut() {
        Hardening partial = new Hardening(List.of("the JVM's attach mechanism is on"));

        assertThat(IsolationGate.hardeningRefusal(partial, false)).hasValueSatisfying(message -> assertThat(message)
                .startsWith("refusing to run jobs: ")
                .contains("the JVM's attach mechanism is on", "runner token", IsolationGate.UNHARDENED_OPT_IN + "=true"));
        assertThat(IsolationGate.hardeningRefusal(partial, true)).isEmpty();
        assertThat(IsolationGate.hardeningRefusal(new Hardening(List.of()), false)).isEmpty();
    }
}
