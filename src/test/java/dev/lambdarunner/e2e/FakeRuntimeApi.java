package dev.lambdarunner.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Lambda Runtime API as a custom runtime sees it
 * (<a href="https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html">runtimes-api</a>): {@code GET
 * /2018-06-01/runtime/invocation/next} hands out queued events with {@code Lambda-Runtime-Aws-Request-Id} and
 * {@code Lambda-Runtime-Deadline-Ms}, and the runtime posts each answer to {@code /invocation/<id>/response} or
 * {@code /error} (or {@code /init/error}). On a free loopback port. It notes when the first {@code next} came
 * (the runtime's init is done), when each event was handed out and when its answer arrived, for {@code bench/run}.
 */
public final class FakeRuntimeApi implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BASE = "/2018-06-01/runtime";

    /** What the runtime posted for one invocation. */
    public record Answer(String kind, String body) {
    }

    private record Event(String requestId, String body, Instant deadline, Map<String, String> headers) {
    }

    private final HttpServer server;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final Map<String, CompletableFuture<Answer>> answers = new ConcurrentHashMap<>();
    private final CompletableFuture<String> initError = new CompletableFuture<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final AtomicInteger nextCalls = new AtomicInteger();
    private final CompletableFuture<Instant> firstNext = new CompletableFuture<>();
    private final Map<String, Instant> handedOut = new ConcurrentHashMap<>();
    private final Map<String, Instant> answered = new ConcurrentHashMap<>();

    public FakeRuntimeApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext(BASE, this::handle);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-runtime-api");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    /** The value for {@code AWS_LAMBDA_RUNTIME_API}: {@code host:port}. */
    public String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Queues an invocation that must answer within {@code timeout}; returns its request id. */
    public String invoke(String body, Duration timeout) {
        return invoke(body, timeout, Map.of());
    }

    /**
     * As {@link #invoke(String, Duration)}, the event handed out with further {@code Lambda-Runtime-*} headers
     * (e.g. {@code Lambda-Runtime-Client-Context}, {@code Lambda-Runtime-Cognito-Identity}).
     */
    public String invoke(String body, Duration timeout, Map<String, String> headers) {
        String id = "req-" + ids.incrementAndGet();
        answers.put(id, new CompletableFuture<>());
        events.add(new Event(id, body, Instant.now().plus(timeout), Map.copyOf(headers)));
        return id;
    }

    public Answer awaitAnswer(String requestId, Duration timeout) throws Exception {
        return answers.get(requestId).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * The answer to {@code requestId}, which must be of {@code kind} ({@code response} or {@code error}), parsed;
     * fails with what {@code function} printed when there is none within {@code timeout} or it is of the other kind.
     */
    JsonNode awaitAnswer(String requestId, String kind, RunnerCli function, Duration timeout) throws Exception {
        Answer answer;
        try {
            answer = awaitAnswer(requestId, timeout);
        } catch (TimeoutException e) {
            throw new AssertionError("no answer to " + requestId + "\nstderr:\n" + function.stderr(), e);
        }
        assertThat(answer.kind()).as(answer.body() + "\n" + function.stderr()).isEqualTo(kind);
        return JSON.readTree(answer.body());
    }

    /** How many {@code next} calls the runtime made: it asks for the next event once it answered the last. */
    public int nextCalls() {
        return nextCalls.get();
    }

    public boolean initFailed() {
        return initError.isDone();
    }

    /** When the runtime first asked for an event (its init is over), waiting up to {@code timeout} for it. */
    public Instant awaitFirstNext(Duration timeout) throws Exception {
        return firstNext.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** When the event was handed to the runtime by a {@code next} call; empty while it is still queued. */
    public Optional<Instant> handedOut(String requestId) {
        return Optional.ofNullable(handedOut.get(requestId));
    }

    /** When the runtime's {@code response} or {@code error} for the event arrived; empty before. */
    public Optional<Instant> answered(String requestId) {
        return Optional.ofNullable(answered.get(requestId));
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath().substring(BASE.length());
        try (exchange) {
            if (exchange.getRequestMethod().equals("GET") && path.equals("/invocation/next")) {
                next(exchange);
            } else if (exchange.getRequestMethod().equals("POST") && path.equals("/init/error")) {
                initError.complete(body(exchange));
                reply(exchange, 202, "{}");
            } else if (exchange.getRequestMethod().equals("POST") && path.matches("/invocation/[^/]+/(response|error)")) {
                String[] parts = path.split("/");
                CompletableFuture<Answer> answer = answers.get(parts[2]);
                if (answer == null || answer.isDone()) {
                    reply(exchange, 400, "{\"errorMessage\":\"unknown or answered request id\"}");
                    return;
                }
                String answerBody = body(exchange);
                answered.put(parts[2], Instant.now());
                answer.complete(new Answer(parts[3], answerBody));
                reply(exchange, 202, "{\"status\":\"OK\"}");
            } else {
                reply(exchange, 404, "{}");
            }
        }
    }

    private void next(HttpExchange exchange) throws IOException {
        nextCalls.incrementAndGet();
        firstNext.complete(Instant.now());
        Event event;
        try {
            event = events.poll(120, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (event == null) {
            reply(exchange, 500, "{}");
            return;
        }
        exchange.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", event.requestId());
        exchange.getResponseHeaders().add("Lambda-Runtime-Deadline-Ms", String.valueOf(event.deadline().toEpochMilli()));
        exchange.getResponseHeaders().add("Lambda-Runtime-Invoked-Function-Arn",
                "arn:aws:lambda:us-east-1:123456789012:function:lambda-runner");
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        event.headers().forEach(exchange.getResponseHeaders()::add);
        handedOut.put(event.requestId(), Instant.now());
        reply(exchange, 200, event.body());
    }

    private static String body(HttpExchange exchange) throws IOException {
        return new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
