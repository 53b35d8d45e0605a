package dev.lambdarunner.gitlab;

import dev.lambdarunner.sensitive.Secret;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

import static dev.lambdarunner.gitlab.GitLabHeaders.*;

/**
 * Creates a runner in GitLab (protocol reference §2.1, §2.2):
 * <a href="https://docs.gitlab.com/api/users/#create-a-runner-linked-to-a-user">{@code POST /api/v4/user/runners}</a>
 * with an access token ({@code PRIVATE-TOKEN}, scope {@code create_runner}), or the deprecated
 * <a href="https://docs.gitlab.com/api/runners/#create-a-runner">{@code POST /api/v4/runners}</a> with a
 * registration token. Not retried: a repeated create could make a second runner. Redirects are not followed
 * (they would carry the token elsewhere). Tokens never appear in messages or logs.
 */
public final class HttpRunnerRegistration {

    static final String PRIVATE_TOKEN = "PRIVATE-TOKEN";
    private static final Logger LOG = Logger.getLogger(HttpRunnerRegistration.class);

    private final ObjectMapper mapper = new ObjectMapper();
    private final URI baseUrl;
    private final RunnerInfo info;
    private final Duration timeout;
    private final HttpClient client;

    /** @throws IllegalArgumentException for a URL that is not plain http(s) */
    public HttpRunnerRegistration(URI gitlabUrl, RunnerInfo info, Duration timeout) {
        this.baseUrl = GitLabConnection.normalize(gitlabUrl);
        this.info = info;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(timeout).build();
    }

    /** {@code POST /api/v4/user/runners} with {@code accessToken} as {@code PRIVATE-TOKEN}. */
    public RegistrationResult createRunner(NewRunner runner, Secret accessToken) {
        ObjectNode body = settings(runner).put("runner_type", runner.type().wireName());
        if (runner.type().idParameter() != null) {
            body.put(runner.type().idParameter(), runner.scopeId().orElseThrow(() -> new IllegalArgumentException(
                    "creating a " + runner.type().wireName() + " runner needs its " + runner.type().idParameter())));
        }
        return send("/api/v4/user/runners", body, accessToken);
    }

    /** The deprecated {@code POST /api/v4/runners} with a registration token in the body. */
    public RegistrationResult registerLegacy(NewRunner runner, Secret registrationToken) {
        ObjectNode body = settings(runner).put("token", registrationToken.value());
        ObjectNode about = body.putObject("info").put("name", info.name()).put("version", info.version())
                .put("revision", info.revision()).put("platform", info.platform())
                .put("architecture", info.architecture());
        ObjectNode features = about.putObject("features");
        info.features().forEach(features::put);
        return send("/api/v4/runners", body, null);
    }

    private ObjectNode settings(NewRunner runner) {
        return mapper.createObjectNode().put("description", runner.description())
                .put("tag_list", runner.tag()).put("run_untagged", false).put("locked", true)
                .put("access_level", runner.accessLevel()).put("maximum_timeout", runner.maximumTimeout());
    }

    private RegistrationResult send(String path, ObjectNode body, Secret privateToken) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(timeout)
                .header(USER_AGENT, GitLabRequests.userAgent(info))
                .header(REQUEST_ID, GitLabRequests.requestId())
                .header(CONTENT_TYPE, JSON).header(ACCEPT, JSON)
                .POST(HttpRequest.BodyPublishers.ofByteArray(json(body)));
        if (privateToken != null) {
            request.header(PRIVATE_TOKEN, privateToken.value());
        }
        HttpResponse<byte[]> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new GitLabApiException("POST " + path + ": " + RetryingSender.describe(e), 0, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GitLabApiException("POST " + path + ": interrupted", 0, e);
        }
        return result(path, response);
    }

    private RegistrationResult result(String path, HttpResponse<byte[]> response) {
        int status = response.statusCode();
        JsonNode body = readTree(response.body());
        if (status == 201) {
            Optional<Long> id = Optional.ofNullable(body.get("id")).filter(JsonNode::canConvertToLong).map(JsonNode::asLong);
            Optional<Secret> token = Optional.ofNullable(body.get("token")).filter(JsonNode::isTextual)
                    .map(JsonNode::asText).filter(t -> !t.isBlank()).map(Secret::of);
            LOG.infof("Creating runner... created path=%s runner_id=%s", path, id.map(String::valueOf).orElse("?"));
            return new RegistrationResult(status, id, token, "");
        }
        String message = Optional.ofNullable(body.get("message")).or(() -> Optional.ofNullable(body.get("error")))
                .map(m -> m.isTextual() ? m.asText() : m.toString()).orElse("");
        LOG.warnf("Creating runner... refused path=%s status=%d", path, status);
        return new RegistrationResult(status, Optional.empty(), Optional.empty(),
                message.length() > 200 ? message.substring(0, 200) + "..." : message);
    }

    private JsonNode readTree(byte[] body) {
        try {
            JsonNode node = mapper.readTree(body);
            return node == null ? mapper.createObjectNode() : node;
        } catch (IOException e) {
            return mapper.createObjectNode();
        }
    }

    private byte[] json(ObjectNode node) {
        try {
            return mapper.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("serialising a json tree failed", e);
        }
    }
}
