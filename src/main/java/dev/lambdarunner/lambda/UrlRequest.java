package dev.lambdarunner.lambda;

import dev.lambdarunner.sensitive.Secret;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A Lambda Function URL request (<a href="https://docs.aws.amazon.com/lambda/latest/dg/urls-invocation.html">payload
 * format 2.0</a>: {@code requestContext.http.method}, lower-cased {@code headers}, {@code body},
 * {@code isBase64Encoded}), read leniently from the event map (format 1.0's {@code httpMethod} is understood too).
 * GitLab's {@code X-Gitlab-Token} (the webhook secret) is taken out of the headers as it is read and held as a
 * {@link Secret}.
 */
final class UrlRequest implements LambdaEvent {

    /** The header GitLab sends the webhook's secret token in, lower-cased as function URLs deliver headers. */
    static final String GITLAB_TOKEN = "x-gitlab-token";

    private final String method;
    private final Map<String, String> headers;
    private final Optional<Secret> gitlabToken;
    private final String body;
    private final boolean base64;

    private UrlRequest(String method, Map<String, String> headers, String body, boolean base64) {
        this.method = method;
        Map<String, String> others = new HashMap<>(headers);
        this.gitlabToken = Optional.ofNullable(others.remove(GITLAB_TOKEN)).filter(t -> !t.isEmpty()).map(Secret::of);
        this.headers = Map.copyOf(others);
        this.body = body;
        this.base64 = base64;
    }

    /** The request in {@code event}, if it is one: it has {@code requestContext.http} or {@code httpMethod}. */
    static Optional<UrlRequest> from(Map<String, Object> event) {
        Object method = event.get("httpMethod");
        if (event.get("requestContext") instanceof Map<?, ?> context && context.get("http") instanceof Map<?, ?> http) {
            method = http.get("method");
        }
        if (method == null) {
            return Optional.empty();
        }
        Map<String, String> headers = new HashMap<>();
        if (event.get("headers") instanceof Map<?, ?> given) {
            given.forEach((name, value) -> {
                if (name != null && value != null) {
                    headers.put(name.toString().toLowerCase(Locale.ROOT), value.toString());
                }
            });
        }
        Object body = event.get("body");
        return Optional.of(new UrlRequest(method.toString().toUpperCase(Locale.ROOT), Map.copyOf(headers),
                body == null ? "" : body.toString(), Boolean.parseBoolean(String.valueOf(event.get("isBase64Encoded")))));
    }

    String method() {
        return method;
    }

    /** {@code X-Gitlab-Token}, if sent (an empty one counts as not sent). */
    Optional<Secret> gitlabToken() {
        return gitlabToken;
    }

    /** The header's value, except {@code X-Gitlab-Token}; names are case-insensitive. */
    Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    /** The body's bytes, base64-decoded when the event says so. */
    byte[] body() {
        return base64 ? Base64.getMimeDecoder().decode(body) : body.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "UrlRequest[" + method + ", " + headers.size() + " headers, " + body.length() + " body chars]";
    }
}
