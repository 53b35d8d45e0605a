package dev.lambdarunner.testsupport;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * GitLab as an OIDC issuer for tests: signing keys (RSA like GitLab, and EC), ID tokens signed with them, and
 * the JWKS served as GitLab serves it ({@code GET /oauth/discovery/keys}) on {@code 127.0.0.1} and a free port.
 * {@link #offline(String)} gives the keys and tokens without a server.
 */
public final class FakeOidcIssuer implements AutoCloseable {

    public static final String JWKS_PATH = "/oauth/discovery/keys";
    private final List<SigningKey> published = new CopyOnWriteArrayList<>();
    private final AtomicInteger fetches = new AtomicInteger();
    private final SigningKey rsa = SigningKey.generate("rsa-1", SigningKey.Kind.RSA);
    private final SigningKey ec = SigningKey.generate("ec-1", SigningKey.Kind.EC);
    private final HttpServer server;
    private final String issuer;
    private volatile int status = 200;

    private FakeOidcIssuer(HttpServer server, String issuer) {
        this.server = server;
        this.issuer = issuer;
        published.add(rsa);
        published.add(ec);
    }

    /** Serves the JWKS on a free loopback port; the issuer is {@code http://127.0.0.1:<port>}. */
    public static FakeOidcIssuer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            FakeOidcIssuer issuer = new FakeOidcIssuer(server, "http://127.0.0.1:" + server.getAddress().getPort());
            server.createContext(JWKS_PATH, issuer::serveKeys);
            server.start();
            return issuer;
        } catch (IOException e) {
            throw new UncheckedIOException("starting fake OIDC issuer: " + e.getMessage(), e);
        }
    }

    /** Keys and tokens for {@code issuer}, nothing served. */
    public static FakeOidcIssuer offline(String issuer) {
        return new FakeOidcIssuer(null, issuer);
    }

    public String issuer() {
        return issuer;
    }

    public String jwksUrl() {
        return issuer + JWKS_PATH;
    }

    /** The published RSA key ({@code rsa-1}, RS256), which {@link #token()} signs with. */
    public SigningKey rsa() {
        return rsa;
    }

    /** The published EC P-256 key ({@code ec-1}, ES256). */
    public SigningKey ec() {
        return ec;
    }

    /** A token for this issuer signed with the RSA key, valid for 5 minutes from now. */
    public IdTokenBuilder token() {
        return new IdTokenBuilder(issuer, rsa, Instant.now());
    }

    /** A new key published from now on, as when GitLab rotates its signing key. */
    public SigningKey rotate(String kid, SigningKey.Kind kind) {
        SigningKey key = SigningKey.generate(kid, kind);
        published.add(key);
        return key;
    }

    /** The JWKS document with every published key. */
    public String jwks() {
        ObjectNode doc = JsonNodeFactory.instance.objectNode();
        ArrayNode keys = doc.putArray("keys");
        published.forEach(k -> keys.add(k.jwk()));
        return doc.toString();
    }

    /** How often the JWKS was fetched. */
    public int jwksFetches() {
        return fetches.get();
    }

    /** Answers JWKS requests with {@code code} (and an error body) from now on; 200 restores the keys. */
    public void answer(int code) {
        status = code;
    }

    private void serveKeys(HttpExchange exchange) throws IOException {
        try (exchange) {
            fetches.incrementAndGet();
            boolean ok = status == 200 && exchange.getRequestMethod().equals("GET");
            byte[] body = (ok ? jwks() : "{\"error\":\"unavailable\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(ok ? 200 : status == 200 ? 405 : status, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
        }
    }
}
