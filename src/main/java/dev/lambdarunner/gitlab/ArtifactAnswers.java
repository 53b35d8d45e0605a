package dev.lambdarunner.gitlab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.Locale;

/**
 * What an answer to an artifacts call comes to (protocol reference §9): the expected status is OK, 413 is too large,
 * a status the retry layer retries (and still got) is a failure, anything else (4xx, a redirect) is refused.
 */
final class ArtifactAnswers {

    private final ObjectMapper mapper;
    private final RetryingSender sender;

    ArtifactAnswers(ObjectMapper mapper, RetryingSender sender) {
        this.mapper = mapper;
        this.sender = sender;
    }

    ArtifactTransfer transfer(int status, int success, byte[] body) {
        ArtifactTransfer.State state;
        if (status == success) {
            state = ArtifactTransfer.State.OK;
        } else if (status == 413) {
            state = ArtifactTransfer.State.TOO_LARGE;
        } else if (sender.retried(status)) {
            state = ArtifactTransfer.State.FAILED;
        } else {
            state = ArtifactTransfer.State.REFUSED;
        }
        return new ArtifactTransfer(state, status, state == ArtifactTransfer.State.OK ? "" : errorMessage(body));
    }

    /** How the runner log names the outcome. */
    static String outcome(ArtifactTransfer result) {
        return result.ok() ? "ok" : result.state().name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    /** GitLab's {@code message} (or Grape's {@code error}) from an error body, cut short; never echoes headers. */
    private String errorMessage(byte[] body) {
        JsonNode node;
        try {
            node = body == null || body.length == 0 ? null : mapper.readTree(body);
        } catch (IOException e) {
            return "";
        }
        JsonNode message = node == null ? null : node.has("message") ? node.get("message") : node.get("error");
        String text = message == null ? "" : message.isTextual() ? message.asText() : message.toString();
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }
}
