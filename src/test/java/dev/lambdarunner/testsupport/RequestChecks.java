package dev.lambdarunner.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Assertions on what every runner API request must carry (protocol reference §1, §3.1, §6, §7). */
final class RequestChecks {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern REQUEST_ID = Pattern.compile("[0-9a-fA-F]{32}");
    private static final Pattern JOB = Pattern.compile("/api/v4/jobs/\\d+");
    private static final Pattern TRACE = Pattern.compile("/api/v4/jobs/\\d+/trace");
    private static final Pattern ARTIFACTS = Pattern.compile("/api/v4/jobs/\\d+/artifacts");
    private static final Pattern CONTENT_RANGE = Pattern.compile("(\\d+)-(\\d+)");
    private static final Set<String> JOB_STATES = Set.of("running", "success", "failed", "pending");
    private final Violations violations;

    RequestChecks(Violations violations) {
        this.violations = violations;
    }

    void runnerHeaders(Call call) {
        String agent = call.header("User-Agent");
        if (agent == null || !agent.startsWith("gitlab-runner ")) {
            violations.add(call, "User-Agent '" + agent + "' does not start with 'gitlab-runner '");
        }
        String requestId = call.header("X-Request-Id");
        if (requestId == null || !REQUEST_ID.matcher(requestId).matches()) {
            violations.add(call, "X-Request-Id '" + requestId + "' is not 32 hex characters");
        }
    }

    /**
     * The body as a JSON object, or {@code null} (and a violation) when it is not one. Checks
     * {@code Content-Type: application/json} and, when a JSON answer is expected, {@code Accept}.
     */
    ObjectNode jsonBody(Call call, boolean expectsJsonAnswer) {
        String type = call.header("Content-Type");
        if (type == null || !type.startsWith("application/json")) {
            violations.add(call, "Content-Type '" + type + "' is not application/json");
        }
        String accept = call.header("Accept");
        if (expectsJsonAnswer && (accept == null || !accept.contains("application/json"))) {
            violations.add(call, "Accept '" + accept + "' does not include application/json");
        }
        try {
            JsonNode node = JSON.readTree(call.body);
            if (node instanceof ObjectNode object) {
                return object;
            }
        } catch (IOException e) {
            // reported below
        }
        violations.add(call, "body is not a JSON object");
        return null;
    }

    /** {@code RUNNER-TOKEN}, when sent, must equal the body token (GLR's own fake asserts this too). */
    void runnerTokenHeader(Call call, String bodyToken) {
        String header = call.header("RUNNER-TOKEN");
        if (header != null && !header.equals(bodyToken)) {
            violations.add(call, "RUNNER-TOKEN header differs from the body token");
        }
    }

    /**
     * {@code info.features} as advertised: must be an object of booleans. Returns {@code null} (with a
     * violation) when {@code info} or {@code features} is missing.
     */
    Map<String, Boolean> features(Call call, JsonNode body) {
        JsonNode features = body.path("info").path("features");
        if (!body.path("info").isObject()) {
            violations.add(call, "body has no info object");
            return null;
        }
        if (!features.isObject()) {
            violations.add(call, "info.features is not an object");
            return null;
        }
        Map<String, Boolean> advertised = new LinkedHashMap<>();
        features.fields().forEachRemaining(e -> {
            if (!e.getValue().isBoolean()) {
                violations.add(call, "info.features." + e.getKey() + " is not a boolean");
            }
            advertised.put(e.getKey(), e.getValue().asBoolean());
        });
        return advertised;
    }

    /**
     * The shape the protocol demands of a request to its endpoint, for requests no endpoint processes (scripted
     * answers): method, content type, which token header goes with which endpoint and equals the body's token,
     * {@code system_id} and {@code info.features} of runner calls, {@code debug_trace} and a {@code Content-Range}
     * as long as the chunk on trace PATCHes.
     */
    void protocol(Call call) {
        if (call.path.equals("/api/v4/runners/verify") || call.path.equals("/api/v4/jobs/request")) {
            runnerCall(call);
        } else if (JOB.matcher(call.path).matches()) {
            jobUpdate(call);
        } else if (TRACE.matcher(call.path).matches()) {
            tracePatch(call);
        } else if (ARTIFACTS.matcher(call.path).matches()) {
            jobTokenOnly(call, null);
        }
    }

    private void runnerCall(Call call) {
        method(call, "POST");
        ObjectNode body = jsonBody(call, true);
        if (call.header("JOB-TOKEN") != null) {
            violations.add(call, "JOB-TOKEN header on a runner call");
        }
        if (body == null) {
            return;
        }
        String token = text(body, "token");
        if (token == null || !token.equals(call.header("RUNNER-TOKEN"))) {
            violations.add(call, "RUNNER-TOKEN header missing or not the body token");
        }
        if (text(body, "system_id") == null) {
            violations.add(call, "body has no system_id");
        }
        features(call, body);
    }

    private void jobUpdate(Call call) {
        method(call, "PUT");
        ObjectNode body = jsonBody(call, false);
        if (body == null) {
            return;
        }
        jobTokenOnly(call, text(body, "token"));
        if (!JOB_STATES.contains(String.valueOf(text(body, "state")))) {
            violations.add(call, "unknown state '" + text(body, "state") + "'");
        }
        features(call, body);
    }

    private void tracePatch(Call call) {
        method(call, "PATCH");
        jobTokenOnly(call, null);
        if (call.query == null || !call.query.matches("debug_trace=(true|false)")) {
            violations.add(call, "query '" + call.query + "' is not debug_trace=true|false");
        }
        String type = call.header("Content-Type");
        if (type == null || !type.startsWith("text/plain")) {
            violations.add(call, "Content-Type '" + type + "' is not text/plain");
        }
        String range = call.header("Content-Range");
        Matcher ends = CONTENT_RANGE.matcher(range == null ? "" : range);
        if (!ends.matches() || Long.parseLong(ends.group(2)) - Long.parseLong(ends.group(1)) + 1 != call.body.length) {
            violations.add(call, "Content-Range '" + range + "' does not match " + call.body.length + " bytes");
        }
    }

    /** A job call carries {@code JOB-TOKEN} (equal to {@code bodyToken} when the body has one), never {@code RUNNER-TOKEN}. */
    private void jobTokenOnly(Call call, String bodyToken) {
        String header = call.header("JOB-TOKEN");
        if (header == null || (bodyToken != null && !header.equals(bodyToken))) {
            violations.add(call, "JOB-TOKEN header missing or not the body token");
        }
        if (call.header("RUNNER-TOKEN") != null) {
            violations.add(call, "RUNNER-TOKEN header on a job call");
        }
    }

    private void method(Call call, String expected) {
        if (!call.method.equals(expected)) {
            violations.add(call, "method not allowed");
        }
    }

    static String text(JsonNode body, String field) {
        JsonNode node = body.get(field);
        return node == null || node.isNull() ? null : node.asText();
    }
}
