package dev.lambdarunner.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lambdarunner.gitlab.Sleeper;
import dev.lambdarunner.invoke.FunctionInvoker;
import dev.lambdarunner.invoke.InvokeException;
import dev.lambdarunner.invoke.InvokeResult;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;

/**
 * Invokes the function again and again ({@code {"trigger":"keepalive"}}, synchronously) on the
 * {@link KeepaliveSchedule}, printing one line per invocation, until stopped or after {@code maxInvocations}.
 * A stop while an invocation is in flight does not wait for its answer (the function finishes on its own). The waits
 * between invocations go through the {@link Sleeper} (in the command: the {@link StopSignal}, which a stop cuts short)
 * and are measured on the {@link Clock}, so a test runs the loop on fake time.
 */
final class KeepaliveLoop {

    static final String PAYLOAD = "{\"trigger\":\"keepalive\"}";
    /** Summary causes after which the runner cannot work: retrying at the normal pace would only repeat them. */
    private static final Set<String> RUNNER_FAILURES = Set.of("token_rejected", "misconfigured");

    private final FunctionInvoker invoker;
    private final String function;
    private final KeepaliveSchedule schedule;
    private final Clock clock;
    private final Sleeper sleeper;
    private final PrintWriter out;
    private final ObjectMapper mapper = new ObjectMapper();

    KeepaliveLoop(FunctionInvoker invoker, String function, KeepaliveSchedule schedule, Clock clock, Sleeper sleeper,
                  PrintWriter out) {
        this.invoker = invoker;
        this.function = function;
        this.schedule = schedule;
        this.clock = clock;
        this.sleeper = sleeper;
        this.out = out;
    }

    /** @return 0 when stopped, or when the last of {@code maxInvocations} succeeded; 1 when that last one failed */
    int run(OptionalInt maxInvocations, StopSignal stop) {
        ExecutorService calls = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "keepalive-invoke");
            t.setDaemon(true);
            return t;
        });
        try {
            return loop(calls, maxInvocations, stop);
        } finally {
            calls.shutdownNow();
        }
    }

    private int loop(ExecutorService calls, OptionalInt maxInvocations, StopSignal stop) {
        int count = 0;
        int failures = 0;
        while (!stop.raised()) {
            Instant start = clock.instant();
            Optional<Attempt> attempt = invokeUnlessStopped(calls, stop);
            if (attempt.isEmpty()) {
                return 0;
            }
            count++;
            failures = attempt.get().failed() ? failures + 1 : 0;
            Instant end = clock.instant();
            String line = line(count, attempt.get(), Duration.between(start, end));
            if (maxInvocations.isPresent() && count >= maxInvocations.getAsInt()) {
                println(line);
                return failures > 0 ? 1 : 0;
            }
            Instant next = schedule.next(start, end, failures);
            println(line + "; next in " + Duration.between(end, next).truncatedTo(ChronoUnit.MILLIS));
            try {
                sleeper.sleep(Duration.between(clock.instant(), next));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 0;
            }
        }
        return 0;
    }

    private String line(int count, Attempt attempt, Duration took) {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS) + " invocation " + count + ": "
                + (attempt.failed() ? "failed" : "ok") + " in " + took.toMillis() + " ms: " + attempt.text();
    }

    private Optional<Attempt> invokeUnlessStopped(ExecutorService calls, StopSignal stop) {
        CompletableFuture<Attempt> call = CompletableFuture.supplyAsync(this::invokeOnce, calls);
        try {
            CompletableFuture.anyOf(call, stop.future()).join();
        } catch (CompletionException e) {
            return Optional.of(new Attempt(true, "invoking Lambda function '" + function + "': " + e.getCause()));
        }
        return call.isDone() && !stop.raised() ? Optional.of(call.join()) : Optional.empty();
    }

    private Attempt invokeOnce() {
        try {
            return judge(invoker.invoke(function, PAYLOAD));
        } catch (InvokeException e) {
            return new Attempt(true, e.getMessage());
        }
    }

    private Attempt judge(InvokeResult result) {
        JsonNode answer = readJson(result.payload());
        if (result.failed()) {
            return new Attempt(true, "the function failed (" + result.functionError().get() + "): "
                    + oneLine(answer.path("errorType").asText("?") + ": " + answer.path("errorMessage").asText(result.payload())));
        }
        if (!answer.has("stopped") || !answer.has("jobs_run")) {
            return new Attempt(false, "answered " + oneLine(result.payload()));
        }
        String stopped = answer.path("stopped").asText();
        return new Attempt(RUNNER_FAILURES.contains(stopped), "jobs_run=" + answer.path("jobs_run").asInt()
                + " succeeded=" + answer.path("succeeded").asInt() + " failed=" + answer.path("failed").asInt()
                + " stopped=" + oneLine(stopped) + " (" + oneLine(answer.path("detail").asText("")) + ")");
    }

    private JsonNode readJson(String payload) {
        try {
            JsonNode node = mapper.readTree(payload);
            return node == null ? mapper.missingNode() : node;
        } catch (IOException e) {
            return mapper.missingNode();
        }
    }

    private void println(String line) {
        out.println(line);
        out.flush();
    }

    private static String oneLine(String text) {
        String flat = text.replaceAll("[\\r\\n\\t]+", " ").strip();
        return flat.length() > 300 ? flat.substring(0, 300) + "..." : flat;
    }

    private record Attempt(boolean failed, String text) {
    }
}
