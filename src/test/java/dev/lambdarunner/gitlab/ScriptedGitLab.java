package dev.lambdarunner.gitlab;

import dev.lambdarunner.sensitive.Secret;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A GitLab runner API on loopback port 0 that plays scripted answers in order and, like GLR's test handlers,
 * asserts on every request what the protocol demands of a runner. Violations are collected (a handler thread
 * cannot fail the test) and rethrown by {@link #assertProtocolKept()}.
 */
final class ScriptedGitLab implements AutoCloseable {

    static final String RUNNER_TOKEN = "glrt-TESTRUNNERTOKEN1234";
    static final String JOB_TOKEN = "glcbt-TESTJOBTOKEN5678";
    static final String SYSTEM_ID = "s_0123456789ab";
    static final String VERSION = "1.2.3";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USER_AGENT =
            "gitlab-runner 1\\.2\\.3 \\(lambda-gitlab-runner-for-terraform; java [0-9][^;]*; linux/[a-z0-9_]+\\)";

    /** One scripted answer; {@code delay} holds the answer back (for timeouts). */
    record Answer(int status, Map<String, String> headers, byte[] body, Duration delay) {
        static Answer of(int status) {
            return new Answer(status, Map.of(), new byte[0], Duration.ZERO);
        }

        static Answer of(int status, Map<String, String> headers) {
            return new Answer(status, headers, new byte[0], Duration.ZERO);
        }

        static Answer json(int status, String body) {
            return new Answer(status, Map.of("Content-Type", "application/json"),
                    body.getBytes(StandardCharsets.UTF_8), Duration.ZERO);
        }

        Answer withHeader(String name, String value) {
            Map<String, String> more = new java.util.HashMap<>(headers);
            more.put(name, value);
            return new Answer(status, Map.copyOf(more), body, delay);
        }

        Answer delayedBy(Duration d) {
            return new Answer(status, headers, body, d);
        }
    }

    /** What the runner sent. */
    record Received(String method, String path, String query, Headers headers, byte[] body) {
        String header(String name) {
            return headers.getFirst(name);
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("body is not json: " + new String(body, StandardCharsets.UTF_8), e);
            }
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Deque<Answer> script = new ArrayDeque<>();
    private final List<Received> received = Collections.synchronizedList(new ArrayList<>());
    private final List<AssertionError> violations = Collections.synchronizedList(new ArrayList<>());

    ScriptedGitLab() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** The base URL given to the runner, with a trailing {@code /ci/} it must strip. */
    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/ci/");
    }

    /** The runner's connection to this fake, with the test tokens. */
    GitLabConnection connection(Duration requestTimeout) {
        return new GitLabConnection(url(), Secret.of(RUNNER_TOKEN), SYSTEM_ID, RunnerInfo.current(VERSION), requestTimeout,
                Duration.ofSeconds(5));
    }

    /** A client of this fake whose retries wait on {@code sleeper} (GitLab Runner's attempts and delays). */
    HttpGitLabRunnerApi api(Sleeper sleeper) {
        return new HttpGitLabRunnerApi(connection(Duration.ofSeconds(5)),
                new RetryPolicy(5, Duration.ofMillis(100), Duration.ofSeconds(60), 2.0, 0.1, sleeper));
    }

    /** As {@link #api(Sleeper)}, every call within {@code deadlines} by the time on {@code clock}. */
    HttpGitLabRunnerApi api(SteppingClock clock, CallDeadlines deadlines) {
        return new HttpGitLabRunnerApi(connection(Duration.ofSeconds(5)),
                new RetryPolicy(5, Duration.ofMillis(100), Duration.ofSeconds(60), 2.0, 0.1, clock), deadlines, clock);
    }

    ScriptedGitLab answer(Answer... answers) {
        synchronized (script) {
            script.addAll(List.of(answers));
        }
        return this;
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    Received only() {
        assertThat(received).hasSize(1);
        return received.get(0);
    }

    void assertProtocolKept() {
        if (!violations.isEmpty()) {
            AssertionError first = violations.get(0);
            violations.subList(1, violations.size()).forEach(first::addSuppressed);
            throw first;
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        URI uri = exchange.getRequestURI();
        Received request = new Received(exchange.getRequestMethod(), uri.getPath(), uri.getQuery(),
                exchange.getRequestHeaders(), body);
        received.add(request);
        try {
            ProtocolChecks.check(request, USER_AGENT);
        } catch (AssertionError e) {
            violations.add(e);
        }
        Answer answer;
        synchronized (script) {
            answer = script.poll();
        }
        if (answer == null) {
            violations.add(new AssertionError("unexpected request " + request.method() + " " + request.path()));
            answer = Answer.of(418);
        }
        respond(exchange, answer);
    }

    private static void respond(HttpExchange exchange, Answer answer) throws IOException {
        try {
            Thread.sleep(answer.delay().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.close();
            return;
        }
        answer.headers().forEach(exchange.getResponseHeaders()::add);
        boolean empty = answer.body().length == 0;
        exchange.sendResponseHeaders(answer.status(), empty ? -1 : answer.body().length);
        if (!empty) {
            exchange.getResponseBody().write(answer.body());
        }
        exchange.close();
    }
}
