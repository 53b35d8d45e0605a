package dev.lambdarunner.lambda;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.Map;

/**
 * The function's answer to a Function URL request: Lambda turns {@code statusCode}, {@code headers} and
 * {@code body} into the HTTP response GitLab sees (and shows under the webhook's recent events).
 */
@RegisterForReflection
record UrlResponse(int statusCode, Map<String, String> headers, String body) {

    /** A JSON body {@code {"message": "..."}}. */
    static UrlResponse of(int statusCode, String message) {
        String quoted = new String(JsonStringEncoder.getInstance().quoteAsString(message));
        return new UrlResponse(statusCode, Map.of("Content-Type", "application/json"),
                "{\"message\":\"" + quoted + "\"}");
    }
}
