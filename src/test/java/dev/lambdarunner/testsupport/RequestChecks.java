package dev.lambdarunner.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** Assertions on what every runner API request must carry (protocol reference §1, §3.1). */
final class RequestChecks {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern REQUEST_ID = Pattern.compile("[0-9a-fA-F]{32}");
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

    static String text(JsonNode body, String field) {
        JsonNode node = body.get(field);
        return node == null || node.isNull() ? null : node.asText();
    }
}
