package dev.lambdarunner.testsupport;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A buffered answer of the fake server: status, headers and body, built before anything is sent. */
record Reply(int status, Map<String, String> headers, byte[] body) {

    private static final Map<Integer, String> REASONS = Map.ofEntries(
            Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"), Map.entry(403, "Forbidden"),
            Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"), Map.entry(408, "Request Timeout"),
            Map.entry(409, "Conflict"), Map.entry(413, "Payload Too Large"),
            Map.entry(416, "Range Not Satisfiable"), Map.entry(422, "Unprocessable Entity"),
            Map.entry(429, "Too Many Requests"), Map.entry(500, "Internal Server Error"),
            Map.entry(502, "Bad Gateway"), Map.entry(503, "Service Unavailable"),
            Map.entry(504, "Gateway Timeout"));

    Reply {
        headers = Map.copyOf(headers);
    }

    static Reply empty(int status) {
        return new Reply(status, Map.of(), new byte[0]);
    }

    static Reply json(int status, String json) {
        return new Reply(status, Map.of("Content-Type", "application/json"), json.getBytes(StandardCharsets.UTF_8));
    }

    static Reply text(int status, String text) {
        return new Reply(status, Map.of("Content-Type", "text/plain; charset=utf-8"),
                text.getBytes(StandardCharsets.UTF_8));
    }

    /** GitLab's API error shape, e.g. {@code {"message":"403 Forbidden"}}. */
    static Reply message(int status) {
        return json(status, "{\"message\":\"" + statusLine(status) + "\"}");
    }

    /** GitLab's API error shape with a detail, e.g. {@code {"message":"403 Forbidden - Job is not running"}}. */
    static Reply message(int status, String detail) {
        return json(status, "{\"message\":\"" + statusLine(status) + " - " + detail + "\"}");
    }

    /** Grape's answer for a missing or invalid required parameter. */
    static Reply badParameter(String error) {
        return json(400, "{\"error\":\"" + error + "\"}");
    }

    static String statusLine(int status) {
        return status + " " + REASONS.getOrDefault(status, "Error");
    }

    Reply with(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new Reply(status, copy, body);
    }
}
