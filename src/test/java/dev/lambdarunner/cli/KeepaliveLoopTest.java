package dev.lambdarunner.cli;

import dev.lambdarunner.invoke.FunctionInvoker;
import dev.lambdarunner.invoke.InvokeException;
import dev.lambdarunner.invoke.InvokeResult;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The keepalive loop with an invoker the test scripts; real time, short intervals. */
class KeepaliveLoopTest {

    private static final String IDLE = "{\"jobs_run\":0,\"succeeded\":0,\"failed\":0,\"stopped\":\"idle\",\"detail\":\"no job pending\"}";

    /** The first wait after a failure; one second in the command. */
    private static final Duration BACKOFF = Duration.ofMillis(80);

    private final StringWriter out = new StringWriter();

    @Test
    void invokesWithTheKeepalivePayloadPrintsOneLinePerInvocationAndStopsAfterMaxInvocations() {
        ScriptedInvoker invoker = new ScriptedInvoker(Duration.ZERO);

        int exit = loop(invoker, Duration.ofMillis(150)).run(OptionalInt.of(3), StopSignal.manual());

        assertThat(exit).isZero();
        assertThat(invoker.payloads).containsExactly(KeepaliveLoop.PAYLOAD, KeepaliveLoop.PAYLOAD, KeepaliveLoop.PAYLOAD);
        assertThat(lines()).hasSize(3);
        assertThat(lines().get(0)).matches("\\S+Z invocation 1: ok in \\d+ ms: jobs_run=0 succeeded=0 failed=0 "
                + "stopped=idle \\(no job pending\\); next in PT[0-9.]+S");
        assertThat(lines().get(2)).contains("invocation 3: ok").doesNotContain("next in");
        assertThat(invoker.startGapsMs()).allMatch(gap -> gap >= 100, "starts min-interval apart (less the invoke thread's start-up jitter)");
    }

    @Test
    void aSlowInvocationIsFollowedAsSoonAsItReturnsNeverOverlapping() {
        ScriptedInvoker invoker = new ScriptedInvoker(Duration.ofMillis(150));

        loop(invoker, Duration.ofMillis(20)).run(OptionalInt.of(2), StopSignal.manual());

        assertThat(invoker.startGapsMs()).singleElement().satisfies(gap -> assertThat(gap).isBetween(145L, 1500L));
        assertThat(invoker.maxInFlight).isEqualTo(1);
    }

    @Test
    void failuresBackOffAndTheLastOneMakesTheExitCodeOne() {
        ScriptedInvoker invoker = new ScriptedInvoker(Duration.ZERO);
        invoker.answers.add(new InvokeException("invoking Lambda function 'fn' (RequestResponse): 429 TooManyRequestsException: Rate exceeded", 429, null));
        invoker.answers.add(new InvokeResult(200, Optional.of("Unhandled"),
                "{\"errorType\":\"java.lang.IllegalStateException\",\"errorMessage\":\"loading the runner secrets: denied\"}"));

        int exit = loop(invoker, Duration.ZERO).run(OptionalInt.of(2), StopSignal.manual());

        assertThat(exit).isEqualTo(1);
        assertThat(lines().get(0)).contains("invocation 1: failed", "429 TooManyRequestsException", "next in PT0.08S");
        assertThat(lines().get(1)).contains("invocation 2: failed", "the function failed (Unhandled): "
                + "java.lang.IllegalStateException: loading the runner secrets: denied");
        assertThat(invoker.startGapsMs()).singleElement().satisfies(gap -> assertThat(gap).isGreaterThanOrEqualTo(75L));
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
    }

    @Test
    void aStopDuringTheWaitEndsAtOnceWithExitZero() throws Exception {
        ScriptedInvoker invoker = new ScriptedInvoker(Duration.ZERO);
        StopSignal stop = StopSignal.manual();
        Thread stopper = new Thread(() -> {
            invoker.awaitInvocations(1);
            stop.raise();
        });
        stopper.start();

        long start = System.nanoTime();
        int exit = loop(invoker, Duration.ofHours(1)).run(OptionalInt.empty(), stop);

        assertThat(exit).isZero();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(invoker.payloads).hasSize(1);
        stopper.join();
    }

    @Test
    void aStopWhileAnInvocationIsInFlightDoesNotWaitForItsAnswer() {
        ScriptedInvoker invoker = new ScriptedInvoker(Duration.ofMinutes(10));
        StopSignal stop = StopSignal.manual();
        new Thread(() -> {
            invoker.awaitInvocations(1);
            stop.raise();
        }).start();

        long start = System.nanoTime();
        int exit = loop(invoker, Duration.ZERO).run(OptionalInt.empty(), stop);

        assertThat(exit).isZero();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void anAnswerThatIsNoSummaryIsShownAsIs() {
        ScriptedInvoker invoker = new ScriptedInvoker(Duration.ZERO);
        invoker.answers.add(new InvokeResult(200, Optional.empty(), "Simple Lambda happy path OK\n"));

        loop(invoker, Duration.ZERO).run(OptionalInt.of(1), StopSignal.manual());

        assertThat(lines().get(0)).endsWith("invocation 1: ok in " + lines().get(0).replaceAll(".* in (\\d+) ms.*", "$1")
                + " ms: answered Simple Lambda happy path OK");
    }

    private KeepaliveLoop loop(FunctionInvoker invoker, Duration minInterval) {
        return new KeepaliveLoop(invoker, "fn", new KeepaliveSchedule(minInterval, Duration.ofSeconds(30), BACKOFF),
                Clock.systemUTC(), new PrintWriter(out));
    }

    private List<String> lines() {
        return out.toString().lines().toList();
    }

    /** Answers from a queue (then an idle summary), after {@code delay}; records when each call started. */
    private static final class ScriptedInvoker implements FunctionInvoker {
        final Deque<Object> answers = new ArrayDeque<>();
        final List<String> payloads = new ArrayList<>();
        final List<Long> starts = new ArrayList<>();
        private final Duration delay;
        private final CountDownLatch calls = new CountDownLatch(1);
        private int inFlight;
        int maxInFlight;

        ScriptedInvoker(Duration delay) {
            this.delay = delay;
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
                starts.add(System.nanoTime());
                maxInFlight = Math.max(maxInFlight, ++inFlight);
                answer = answers.isEmpty() ? new InvokeResult(200, Optional.empty(), IDLE) : answers.poll();
            }
            calls.countDown();
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                synchronized (this) {
                    inFlight--;
                }
            }
            if (answer instanceof InvokeException e) {
                throw e;
            }
            return (InvokeResult) answer;
        }

        void awaitInvocations(int n) {
            try {
                calls.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        synchronized List<Long> startGapsMs() {
            List<Long> gaps = new ArrayList<>();
            for (int i = 1; i < starts.size(); i++) {
                gaps.add(TimeUnit.NANOSECONDS.toMillis(starts.get(i) - starts.get(i - 1)));
            }
            return gaps;
        }
    }
}
