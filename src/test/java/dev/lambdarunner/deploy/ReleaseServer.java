package dev.lambdarunner.deploy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A release download site on 127.0.0.1 at a port the OS picks: serves the files of one directory, logs requests. */
final class ReleaseServer implements AutoCloseable {

    private final HttpServer server;
    private final Path dir;
    private final List<String> requested = new CopyOnWriteArrayList<>();

    ReleaseServer(Path dir) throws IOException {
        this.dir = dir;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/releases/", this::serve);
        server.start();
    }

    /** What the script's --base-url is. */
    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/releases";
    }

    List<String> requested() {
        return List.copyOf(requested);
    }

    private void serve(HttpExchange exchange) throws IOException {
        String name = exchange.getRequestURI().getPath().substring("/releases/".length());
        requested.add(name);
        Path file = dir.resolve(name).normalize();
        try {
            if (!file.startsWith(dir) || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] content = Files.readAllBytes(file);
            exchange.sendResponseHeaders(200, content.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(content);
            }
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
