package dev.lambdarunner.credentials.aws;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Sits between the runner and moto's STS on loopback: records what the runner sends (headers and form
 * parameters), forwards it to moto and relays the answer, or answers with an STS error when told to.
 */
final class StsRecorder implements AutoCloseable {

    /** One request as the runner sent it. */
    record Seen(Map<String, List<String>> headers, Map<String, String> form) {
        boolean signed() {
            return headers.keySet().stream().anyMatch(h -> h.equalsIgnoreCase("Authorization"))
                    || form.containsKey("X-Amz-Signature");
        }
    }

    private final HttpServer server;
    private final URI moto;
    private final HttpClient client = HttpClient.newHttpClient();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private volatile String refuseWith;

    StsRecorder(String motoUrl) {
        this.moto = URI.create(motoUrl);
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<Seen> requests() {
        return List.copyOf(seen);
    }

    void clear() {
        seen.clear();
        refuseWith = null;
    }

    /** Answers the next requests 403 with this STS error code, as STS does when a trust policy says no. */
    void refuse(String code) {
        refuseWith = code;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            seen.add(new Seen(Map.copyOf(exchange.getRequestHeaders()), form(new String(body, StandardCharsets.UTF_8))));
            if (refuseWith != null) {
                reply(exchange, 403, ("<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error>"
                        + "<Type>Sender</Type><Code>" + refuseWith + "</Code><Message>Not authorized to perform "
                        + "sts:AssumeRoleWithWebIdentity</Message></Error><RequestId>r-1</RequestId></ErrorResponse>")
                        .getBytes(StandardCharsets.UTF_8), "text/xml");
                return;
            }
            HttpRequest.Builder forward = HttpRequest.newBuilder(moto.resolve(exchange.getRequestURI().getRawPath()))
                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
            String type = exchange.getRequestHeaders().getFirst("Content-Type");
            if (type != null) {
                forward.header("Content-Type", type);
            }
            HttpResponse<byte[]> answer = client.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
            reply(exchange, answer.statusCode(), answer.body(),
                    answer.headers().firstValue("Content-Type").orElse("text/xml"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void reply(HttpExchange exchange, int status, byte[] body, String type) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
