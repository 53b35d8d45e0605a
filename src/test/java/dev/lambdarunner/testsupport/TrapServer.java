package dev.lambdarunner.testsupport;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An attacker's HTTP server on loopback: records every request it gets and answers each with a Basic
 * authentication challenge, so a git client that has credentials would send them on its next try.
 */
public final class TrapServer implements AutoCloseable {

    /** One request: what it asked for and the {@code Authorization} it carried, if any. */
    public record Hit(String method, String path, String authorization) {

        /** Says whether credentials came, never which: a failing test's report must not show a token. */
        @Override
        public String toString() {
            return method + " " + path + (authorization == null ? "" : " with Authorization");
        }
    }

    private final HttpServer server;
    private final List<Hit> hits = new CopyOnWriteArrayList<>();

    private TrapServer(HttpServer server) {
        this.server = server;
    }

    /** Starts on {@code 127.0.0.1} and a free port. */
    public static TrapServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            TrapServer trap = new TrapServer(server);
            server.createContext("/", exchange -> {
                trap.hits.add(new Hit(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                        exchange.getRequestHeaders().getFirst("Authorization")));
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"trap\"");
                exchange.sendResponseHeaders(401, -1);
                exchange.close();
            });
            server.start();
            return trap;
        } catch (IOException e) {
            throw new UncheckedIOException("starting the trap server: " + e.getMessage(), e);
        }
    }

    /** {@code http://127.0.0.1:<port>} */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Every request received so far, in arrival order. */
    public List<Hit> hits() {
        return List.copyOf(hits);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
