package dev.lambdarunner.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One request the fake GitLab received, recorded just before it was answered.
 *
 * @param method  HTTP method
 * @param path    request path without query
 * @param query   raw query string, or {@code null}
 * @param headers request headers; keys compare case-insensitively
 * @param body    request body bytes (after transfer decoding)
 * @param time    when the request arrived
 * @param status  the status the fake answered with
 */
public record RecordedRequest(String method, String path, String query, Map<String, List<String>> headers,
                              byte[] body, Instant time, int status) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The first value of header {@code name} (case-insensitive), or {@code null}. */
    public String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The body parsed as JSON; fails the test when it is not JSON. */
    public JsonNode json() {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError(this + ": body is not json: " + bodyText(), e);
        }
    }

    /** The body decoded as UTF-8. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** Headers and body may hold tokens, so only the request line and status are printed. */
    @Override
    public String toString() {
        return "RecordedRequest[" + method + " " + path + " -> " + status + "]";
    }
}
