package dev.lambdarunner.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lambdarunner.invoke.InvokeException;
import dev.lambdarunner.sensitive.Secret;
import dev.lambdarunner.secrets.SecretStore;
import dev.lambdarunner.secrets.SecretStoreException;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * GitLab's job webhook (<a href="https://docs.gitlab.com/user/project/integrations/webhook_events/#job-events">Job
 * events</a>) through the function's URL. The webhook carries no job tags, so it is only a wake-up call: a pending
 * job starts a poll elsewhere (an asynchronous self-invoke) and the answer goes back at once, well within GitLab's
 * 10-second webhook timeout.
 * <ul>
 *   <li>No webhook secret configured: 503, every webhook is refused (an open URL must not start work).</li>
 *   <li>{@code X-Gitlab-Token} missing or wrong (compared in constant time): 401, and nothing else happens.</li>
 *   <li>Not a JSON document: 400. Anything but {@code object_kind: build} with {@code build_status: pending}: 200,
 *       ignored.</li>
 *   <li>A pending job: 202 once the poll is queued; 502 if Lambda did not take the self-invoke.</li>
 * </ul>
 * Neither the token nor the body is ever logged.
 */
@ApplicationScoped
class WebhookGate {

    private static final Logger LOG = Logger.getLogger(WebhookGate.class);
    static final String TOKEN_HEADER = "X-Gitlab-Token";

    private final SecretStore secrets;
    private final PollStarter polls;
    private final ObjectMapper mapper;

    WebhookGate(SecretStore secrets, PollStarter polls, ObjectMapper mapper) {
        this.secrets = secrets;
        this.polls = polls;
        this.mapper = mapper;
    }

    UrlResponse handle(UrlRequest request) {
        Optional<Secret> expected;
        try {
            expected = secrets.load().webhookSecret();
        } catch (SecretStoreException e) {
            LOG.errorf("Webhook refused, runner secrets unavailable cause=%s", e.getMessage());
            return UrlResponse.of(503, "the runner cannot read its secrets; see the function's log");
        }
        if (expected.isEmpty()) {
            LOG.warn("Webhook refused, no webhook secret is configured");
            return UrlResponse.of(503, "webhooks are disabled: no webhook secret is configured on the runner");
        }
        if (!tokenMatches(request.gitlabToken(), expected.get())) {
            LOG.warnf("Webhook refused, %s %s", TOKEN_HEADER, request.gitlabToken().isEmpty() ? "missing" : "wrong");
            return UrlResponse.of(401, "missing or wrong " + TOKEN_HEADER);
        }
        if (!request.method().equals("POST")) {
            return UrlResponse.of(405, "only POST is accepted");
        }
        JsonNode hook = readJson(request);
        if (hook == null) {
            LOG.warn("Webhook refused, body is not a JSON object");
            return UrlResponse.of(400, "the request body is not a JSON object");
        }
        if (!"build".equals(hook.path("object_kind").asText()) || !"pending".equals(hook.path("build_status").asText())) {
            LOG.infof("Webhook ignored object_kind=%s build_status=%s", word(hook, "object_kind"), word(hook, "build_status"));
            return UrlResponse.of(200, "ignored: only a pending job (object_kind build, build_status pending) starts a poll");
        }
        return startPoll(hook);
    }

    private UrlResponse startPoll(JsonNode hook) {
        try {
            polls.startPoll();
        } catch (InvokeException e) {
            LOG.errorf("Webhook accepted, but no poll could be started build_id=%s cause=%s", word(hook, "build_id"),
                    e.getMessage());
            return UrlResponse.of(502, "could not start a poll: " + e.getMessage());
        }
        LOG.infof("Webhook accepted, poll started build_id=%s project_id=%s", word(hook, "build_id"),
                word(hook, "project_id"));
        return UrlResponse.of(202, "poll started");
    }

    /**
     * Constant time in the length of what was sent: {@link MessageDigest#isEqual} walks its first argument whole,
     * so neither the position of a mismatch nor the expected length shows in the timing.
     */
    static boolean tokenMatches(Optional<Secret> given, Secret expected) {
        byte[] sent = given.map(Secret::value).orElse("").getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(sent, expected.value().getBytes(StandardCharsets.UTF_8));
    }

    private JsonNode readJson(UrlRequest request) {
        try {
            JsonNode node = mapper.readTree(request.body());
            return node != null && node.isObject() ? node : null;
        } catch (IOException | IllegalArgumentException e) {
            return null; // IllegalArgumentException: the body claimed base64 but was not
        }
    }

    /** A field's value when it is a short plain word or number, for the log; anything else shows as {@code ?}. */
    private static String word(JsonNode hook, String field) {
        String value = hook.path(field).asText("");
        return value.matches("[A-Za-z0-9_-]{1,40}") ? value : "?";
    }
}
