package dev.lambdarunner.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static dev.lambdarunner.testsupport.RequestChecks.text;

/**
 * Creating runners (protocol reference §2.1, §2.2): {@code POST /api/v4/user/runners} authenticated by
 * {@code PRIVATE-TOKEN} (an access token with scope {@code create_runner}), and the deprecated
 * {@code POST /api/v4/runners} with a registration token in the body. Answers as GitLab: 401 for an unknown
 * token, 403 for a token without the scope or a bad registration token, 400 for missing or invalid parameters
 * (including GitLab's own rule that {@code maximum_timeout} is at least 600 s), 201 with id and token.
 */
final class RegistrationEndpoints {
    private static final Set<String> RUNNER_TYPES = Set.of("instance_type", "group_type", "project_type");
    private static final Set<String> ACCESS_LEVELS = Set.of("not_protected", "ref_protected");

    private final JobQueue queue;
    private final RequestChecks checks;
    private final Violations violations;
    private final Map<String, Set<String>> accessTokens = new ConcurrentHashMap<>();
    private final Set<String> registrationTokens = ConcurrentHashMap.newKeySet();
    private final List<RunnerRegistration> registrations = new ArrayList<>();

    RegistrationEndpoints(JobQueue queue, RequestChecks checks, Violations violations) {
        this.queue = queue;
        this.checks = checks;
        this.violations = violations;
    }

    void addAccessToken(String token, Set<String> scopes) {
        accessTokens.put(token, Set.copyOf(scopes));
    }

    void allowRegistrationToken(String token) {
        registrationTokens.add(token);
    }

    List<RunnerRegistration> registrations() {
        synchronized (registrations) {
            return List.copyOf(registrations);
        }
    }

    Reply createUserRunner(Call call) {
        String privateToken = call.header("PRIVATE-TOKEN");
        Set<String> scopes = privateToken == null ? null : accessTokens.get(privateToken);
        if (scopes == null) {
            return Reply.message(401);
        }
        if (!scopes.contains("create_runner")) {
            return Reply.json(403, "{\"error\":\"insufficient_scope\",\"error_description\":\"The request requires"
                    + " higher privileges than provided by the access token.\",\"scope\":\"create_runner\"}");
        }
        ObjectNode body = checks.jsonBody(call, true);
        if (body == null) {
            return Reply.badParameter("runner_type is missing");
        }
        if (body.has("token")) {
            violations.add(call, "body carries a token field: the access token belongs in PRIVATE-TOKEN only");
        }
        String type = text(body, "runner_type");
        if (type == null || !RUNNER_TYPES.contains(type)) {
            return Reply.badParameter(type == null ? "runner_type is missing" : "runner_type does not have a valid value");
        }
        if (type.equals("project_type") && !body.path("project_id").canConvertToLong()) {
            return Reply.badParameter("project_id is missing");
        }
        if (type.equals("group_type") && !body.path("group_id").canConvertToLong()) {
            return Reply.badParameter("group_id is missing");
        }
        return create(call, body, false);
    }

    Reply registerLegacy(Call call) {
        ObjectNode body = checks.jsonBody(call, true);
        if (body == null || text(body, "token") == null) {
            return Reply.badParameter("token is missing");
        }
        if (call.header("PRIVATE-TOKEN") != null) {
            violations.add(call, "legacy registration sent a PRIVATE-TOKEN header");
        }
        if (!registrationTokens.contains(text(body, "token"))) {
            return Reply.message(403);
        }
        if (!body.path("info").isObject()) {
            violations.add(call, "legacy registration without an info object");
        }
        return create(call, body, true);
    }

    private Reply create(Call call, ObjectNode body, boolean legacy) {
        Reply invalid = validate(call, body);
        if (invalid != null) {
            return invalid;
        }
        String token = "glrt-" + FakeGitLab.randomToken(20);
        FakeRunner runner = queue.addRunner(token);
        Map<String, String> params = new LinkedHashMap<>();
        body.fields().forEachRemaining(e -> {
            if (!e.getKey().equals("token")) {
                params.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString());
            }
        });
        synchronized (registrations) {
            registrations.add(new RunnerRegistration(legacy, Map.copyOf(params), runner));
        }
        return Reply.json(201, JsonNodeFactory.instance.objectNode().put("id", runner.id()).put("token", token)
                .putNull("token_expires_at").toString());
    }

    /** GitLab's parameter types and model validations; {@code null} when the body is fine. */
    private Reply validate(Call call, ObjectNode body) {
        for (String flag : List.of("run_untagged", "locked", "paused")) {
            JsonNode value = body.get(flag);
            if (value != null && !value.isBoolean()) {
                return Reply.badParameter(flag + " is invalid");
            }
        }
        JsonNode tags = body.get("tag_list");
        if (tags != null && !tags.isTextual() && !tags.isArray()) {
            return Reply.badParameter("tag_list is invalid");
        }
        String level = text(body, "access_level");
        if (level != null && !ACCESS_LEVELS.contains(level)) {
            return Reply.badParameter("access_level does not have a valid value");
        }
        JsonNode timeout = body.get("maximum_timeout");
        if (timeout != null && !timeout.canConvertToInt()) {
            return Reply.badParameter("maximum_timeout is invalid");
        }
        if (timeout != null && timeout.asInt() < 600) {
            return Reply.json(400, "{\"message\":{\"maximum_timeout\":[\"needs to be at least 10 minutes\"]}}");
        }
        if (body.has("run_untagged") && !body.get("run_untagged").asBoolean() && (tags == null || tags.asText().isBlank())) {
            return Reply.json(400, "{\"message\":{\"tags_list\":[\"can not be empty when runner is not allowed to pick untagged jobs\"]}}");
        }
        return null;
    }
}
