package dev.lambdarunner.gitlab.dto;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import dev.lambdarunner.sensitive.Secret;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.io.IOException;

/**
 * Reads a secret of the job payload (the job token, a dependency's token, the repository URL with its
 * credentials) straight into a {@link Secret}, so that it is never held as a printable {@code String}. It lives
 * here rather than in {@code sensitive}, which depends on nothing. An empty string is read as absent: an empty
 * secret is no secret, and the code that uses one treats absence already. A value that is not a string is refused
 * without quoting it (Jackson's own message would). Jackson instantiates it by reflection through
 * {@code @JsonDeserialize(using = ...)}; hence the registration, which also covers {@link Secret} for the
 * native image's reflection scan.
 */
@RegisterForReflection(targets = {SecretDeserializer.class, Secret.class})
final class SecretDeserializer extends StdScalarDeserializer<Secret> {

    SecretDeserializer() {
        super(Secret.class);
    }

    @Override
    public Secret deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        if (parser.currentToken() != JsonToken.VALUE_STRING) {
            return (Secret) context.handleUnexpectedToken(Secret.class, parser.currentToken(), parser,
                    "a secret must be a JSON string");
        }
        String text = parser.getText();
        return text.isEmpty() ? null : Secret.of(text);
    }
}
