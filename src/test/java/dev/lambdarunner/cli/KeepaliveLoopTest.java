package dev.lambdarunner.cli;

import dev.lambdarunner.testsupport.FakeTime;

import dev.lambdarunner.invoke.FunctionInvoker;
import dev.lambdarunner.invoke.InvokeException;
import dev.lambdarunner.invoke.InvokeResult;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The keepalive loop with an invoker the test scripts, on fake time: an invocation "takes" its time by moving the
 * clock, the loop's waits are recorded and move it too, so every wait is asserted exactly and nothing sleeps.
 */
class KeepaliveLoopTest {

    private static final String IDLE = "{\"jobs_run\":0,\"succeeded\":0,\"failed\":0,\"stopped\":\"idle\",\"detail\":\"no job pending\"}";
    private static final String IDLE_TEXT = "jobs_run=0 succeeded=0 failed=0 stopped=idle (no job pending)";
    private static final InvokeException RATE_LIMITED = new InvokeException(
            "invoking Lambda function 'fn' (RequestResponse): 429 TooManyRequestsException: Rate exceeded", 429, null);

    /** The first wait after a failure; one second in the command. */
    private static final Duration BACKOFF = Duration.ofMillis(80);

    private final StringWriter out = new StringWriter();
    private final FakeTime time = new FakeTime(Instant.parse("2026-01-01T10:00:00Z"));

    @Test
    void invokesWithTheKeepalivePayloadPrintsOneLinePerInvocationAndStopsAfterMaxInvocations() {
        ScriptedInvoker invoker = new ScriptedInvoker(Duration.ZERO);

        int exit = loop(invoker, Duration.ofMillis(150)).run(OptionalInt.of(3), StopSignal.manual());

        assertThat(exit).isZero();
        assertThat(invoker.payloads).containsExactly(KeepaliveLoop.PAYLOAD, KeepaliveLoop.PAYLOAD, KeepaliveLoop.PAYLOAD);
        assertThat(lines()).containsExactly(
                "2026-01-01T10:00:00Z invocation 1: ok in 0 ms: " + IDLE_TEXT + "; next in PT0.15S",
                "2026-01-01T10:00:00Z invocation 2: ok in 0 ms: " + IDLE_TEXT + "; next in PT0.15S",
                "2026-01-01T10:00:00Z invocation 3: ok in 0 ms: " + IDLE_TEXT);
        assertThat(time.sleeps()).containsExactly(Duration.ofMillis(150), Duration.ofMillis(150));
        assertThat(invoker.startGaps()).containsExactly(Duration.ofMillis(150), Duration.ofMillis(150));
    }

    @Test
    void aSlowInvocationIsFollowedAsSoonAsItReturnsNeverOverlapping() {
        ScriptedInvoker invoker = new ScriptedInvoker(Duration.ofMillis(150));

        loop(invoker, Duration.ofMillis(20)).run(OptionalInt.of(2), StopSignal.manual());

        assertThat(time.sleeps()).containsExactly(Duration.ZERO);
        assertThat(invoker.startGaps()).containsExactly(Duration.ofMillis(150));
        assertThat(lines().get(0)).contains("invocation 1: ok in 150 ms", "next in PT0S");
        assertThat(invoker.maxInFlight).isEqualTo(1);
    }

    @Test
    void failuresBackOffAndTheLastOneMakesTheExitCodeOne() {
        ScriptedInvoker invoker = new ScriptedInvoker(Duration.ZERO);
        invoker.answers.add(RATE_LIMITED);
        invoker.answers.add(new InvokeResult(200, Optional.of("Unhandled"),
                "{\"errorType\":\"java.lang.IllegalStateException\",\"errorMessage\":\"loading the runner secrets: denied\"}"));

        int exit = loop(invoker, Duration.ZERO).run(OptionalInt.of(2), StopSignal.manual());

        assertThat(exit).isEqualTo(1);
        assertThat(lines().get(0)).contains("invocation 1: failed", "429 TooManyRequestsException", "next in PT0.08S");
        assertThat(lines().get(1)).contains("invocation 2: failed", "the function failed (Unhandled): "
                + "java.lang.IllegalStateException: loading the runner secrets: denied");
        assertThat(time.sleeps()).containsExactly(BACKOFF);
        assertThat(invoker.startGaps()).containsExactly(BACKOFF);
    }

    @Test
    void theBackoffDoublesPerFailureInARowAndASuccessResetsIt() {
        ScriptedInvoker invoker = new ScriptedInvoker(Duration.ZERO);
        invoker.answers.add(RATE_LIMITED);
        invoker.answers.add(RATE_LIMITED);
        invoker.answers.add(new InvokeResult(200, Optional.empty(), IDLE));
        invoker.answers.add(RATE_LIMITED);
        invoker.answers.add(new InvokeResult(200, Optional.empty(), IDLE));

        int exit = loop(invoker, Duration.ZERO).run(OptionalInt.of(5), StopSignal.manual());

        assertThat(exit).isZero();
        assertThat(time.sleeps()).containsExactly(BACKOFF, BACKOFF.multipliedBy(2), Duration.ZERO, BACKOFF);
    }

    @Test
    void aRunnerThatCannotWorkCountsAsAFailureAndASuccessResetsTheBackoff() {
        ScriptedInvoker invoker = new ScriptedInvoker(Duration.ZERO);
        invoker.answers.add(new InvokeResult(200, Optional.empty(), "{\"jobs_run\":0,\"succeeded\":0,\"failed\":0,"
                + "\"stopped\":\"token_rejected\",\"detail\":\"GitLab rejected the runner token\"}"));
        invoker.answers.add(new InvokeResult(200, Optional.empty(), IDLE));

        int exit = loop(invoker, Duration.ZERO).run(OptionalInt.of(2), StopSignal.manual());

        assertThat(exit).isZero();
        assertThat(lines().get(0)).contains("failed", "stopped=token_rejected", "next in PT0.08S");
        assertThat(lines().get(1)).contains("invocation 2: ok");
        assertThat(time.sleeps()).containsExactly(BACKOFF);
    }

    @Test
    void aStopDuringTheWaitEndsItWithExitZero() {
        ScriptedInvoker invoker = new ScriptedInvoker(Duration.ZERO);
        StopSignal stop = StopSignal.manual();
        time.onSleep(stop::raise);

        int exit = loop(invoker, Duration.ofHours(1)).run(OptionalInt.empty(), stop);

        assertThat(exit).isZero();
        assertThat(time.sleeps()).containsExactly(Duration.ofHours(1));
        assertThat(invoker.payloads).hasSize(1);
    }

    @Test
    void aStopWhileAnInvocationIsInFlightDoesNotWaitForItsAnswer() {
        StopSignal stop = StopSignal.manual();
        CountDownLatch never = new CountDownLatch(1);
        FunctionInvoker hanging = new ScriptedInvoker(Duration.ZERO) {
            @Override
            public InvokeResult invoke(String functionName, String payload) {
                stop.raise();
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new AssertionError("the loop waited for the answer");
            }
        };

        int exit = loop(hanging, Duration.ZERO).run(OptionalInt.empty(), stop);

        assertThat(exit).isZero();
        assertThat(out.toString()).isEmpty();
        assertThat(time.sleeps()).isEmpty();
    }

    @Test
    void anAnswerThatIsNoSummaryIsShownAsIs() {
        ScriptedInvoker invoker = new ScriptedInvoker(Duration.ofMillis(7));
        invoker.answers.add(new InvokeResult(200, Optional.empty(), "Simple Lambda happy path OK\n"));

        loop(invoker, Duration.ZERO).run(OptionalInt.of(1), StopSignal.manual());

        assertThat(lines()).containsExactly("2026-01-01T10:00:00Z invocation 1: ok in 7 ms: answered Simple Lambda happy path OK");
    }

    @Test
    void theStopSignalAsSleeperReturnsOnceTheStopIsRaised() throws InterruptedException {
        StopSignal stop = StopSignal.manual();
        stop.raise();

        stop.sleep(Duration.ofDays(365));

        assertThat(stop.raised()).isTrue();
    }

    private KeepaliveLoop loop(FunctionInvoker invoker, Duration minInterval) {
        if (invoker instanceof ScriptedInvoker scripted) {
            scripted.time = time;
        }
        return new KeepaliveLoop(invoker, "fn", new KeepaliveSchedule(minInterval, Duration.ofSeconds(30), BACKOFF),
                time, time, new PrintWriter(out));
    }

    private List<String> lines() {
        return out.toString().lines().toList();
    }

    /** Answers from a queue (then an idle summary), taking {@code took} of fake time; records when each call started. */
    private static class ScriptedInvoker implements FunctionInvoker {
        final Deque<Object> answers = new ArrayDeque<>();
        final List<String> payloads = new ArrayList<>();
        final List<Instant> starts = new ArrayList<>();
        private final Duration took;
        private int inFlight;
        int maxInFlight;
        FakeTime time;

        ScriptedInvoker(Duration took) {
            this.took = took;
        }

        @Override
        public void invokeAsync(String functionName, String payload) {
            throw new AssertionError("keepalive invokes synchronously");
        }

        @Override
        public InvokeResult invoke(String functionName, String payload) throws InvokeException {
            Object answer;
            synchronized (this) {
                assertThat(functionName).isEqualTo("fn");
                payloads.add(payload);
                starts.add(time.instant());
                maxInFlight = Math.max(maxInFlight, ++inFlight);
                answer = answers.isEmpty() ? new InvokeResult(200, Optional.empty(), IDLE) : answers.poll();
            }
            time.advance(took);
            synchronized (this) {
                inFlight--;
            }
            if (answer instanceof InvokeException e) {
                throw e;
            }
            return (InvokeResult) answer;
        }

        synchronized List<Duration> startGaps() {
            List<Duration> gaps = new ArrayList<>();
            for (int i = 1; i < starts.size(); i++) {
                gaps.add(Duration.between(starts.get(i - 1), starts.get(i)));
            }
            return gaps;
        }
    }
}
