package dev.lambdarunner.testsupport;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;

/** One received request with its body read; records itself when the answer goes out. */
final class Call {
    final String method;
    final String path;
    final String query;
    final byte[] body;
    private final Instant time;
    private final HttpExchange exchange;
    private final Consumer<RecordedRequest> recorder;

    private Call(HttpExchange exchange, byte[] body, Consumer<RecordedRequest> recorder) {
        this.exchange = exchange;
        this.method = exchange.getRequestMethod();
        this.path = exchange.getRequestURI().getRawPath();
        this.query = exchange.getRequestURI().getRawQuery();
        this.body = body;
        this.time = Instant.now();
        this.recorder = recorder;
    }

    static Call read(HttpExchange exchange, Consumer<RecordedRequest> recorder) throws IOException {
        return new Call(exchange, exchange.getRequestBody().readAllBytes(), recorder);
    }

    /** First value of a request header (case-insensitive), or {@code null}. */
    String header(String name) {
        return exchange.getRequestHeaders().getFirst(name);
    }

    String describe() {
        return method + " " + path;
    }

    void send(Reply reply) throws IOException {
        record(reply.status());
        reply.headers().forEach(exchange.getResponseHeaders()::set);
        exchange.getResponseHeaders().set("X-Request-Id", serverRequestId());
        boolean noBody = reply.body().length == 0;
        exchange.sendResponseHeaders(reply.status(), noBody ? -1 : reply.body().length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply.body());
            }
        }
    }

    /** Sends the status and headers and returns the body stream (chunked); the caller closes it. */
    OutputStream stream(int status, Map<String, String> headers) throws IOException {
        record(status);
        headers.forEach(exchange.getResponseHeaders()::set);
        exchange.getResponseHeaders().set("X-Request-Id", serverRequestId());
        exchange.sendResponseHeaders(status, 0);
        return exchange.getResponseBody();
    }

    private void record(int status) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, List.copyOf(new ArrayList<>(v))));
        recorder.accept(new RecordedRequest(method, path, query, Collections.unmodifiableMap(headers),
                body, time, status));
    }

    private static String serverRequestId() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 26).toUpperCase();
    }
}
