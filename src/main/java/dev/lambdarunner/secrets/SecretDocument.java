package dev.lambdarunner.secrets;

import dev.lambdarunner.sensitive.Secret;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The runner's secret document, the plaintext that is encrypted with KMS (format version 1):
 * <pre>{@code
 * {"version": 1,
 *  "runner_token": "glrt-...",
 *  "webhook_secret": "...",                                   // optional
 *  "credential_sets": {                                       // optional
 *    "scaleway": {"scope": "protected-refs-only",             // or "all-refs"
 *                 "values": {"SCW_ACCESS_KEY": "...", "SCW_SECRET_KEY": "..."}}}}
 * }</pre>
 * Read leniently (unknown fields are ignored, so a newer writer can add some) but checked strictly: the token
 * must be there, scopes are one of the two names, variable names are environment variable names that the
 * sandbox does not reserve, values are at least {@value #MIN_VALUE_LENGTH} characters (shorter ones cannot be
 * masked without wrecking the log; GitLab asks the same of masked variables), and one variable is in at most one
 * set of each scope. Errors name the field and the rule and never hold a value: the JSON parser's own messages,
 * which quote the input, are never passed on.
 */
public final class SecretDocument {

    /** The format version this runner writes and reads. */
    public static final int VERSION = 1;
    /** Shortest credential value. */
    public static final int MIN_VALUE_LENGTH = 8;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    private SecretDocument() {
    }

    /** Reads and checks a document. */
    public static RunnerSecrets parse(byte[] json) throws SecretDocumentException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new SecretDocumentException("secret document is not valid JSON or repeats a field"
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        } catch (IOException e) {
            throw new SecretDocumentException("secret document cannot be read");
        }
        if (root == null || !root.isObject()) {
            throw new SecretDocumentException("secret document is not a JSON object");
        }
        checkVersion(root.get("version"));
        RunnerSecrets secrets = new RunnerSecrets(token(root.get("runner_token")),
                webhookSecret(root.get("webhook_secret")), credentialSets(root.get("credential_sets")));
        SecretDocumentRules.check(secrets);
        return secrets;
    }

    /**
     * The document for {@code secrets}, checked by the same rules as {@link #parse}, with sets and variables in
     * name order (the same secrets always give the same bytes).
     */
    public static byte[] render(RunnerSecrets secrets) throws SecretDocumentException {
        SecretDocumentRules.check(secrets);
        ObjectNode root = JSON.createObjectNode().put("version", VERSION)
                .put("runner_token", secrets.runnerToken().value());
        secrets.webhookSecret().ifPresent(s -> root.put("webhook_secret", s.value()));
        if (!secrets.credentialSets().isEmpty()) {
            ObjectNode sets = root.putObject("credential_sets");
            new TreeMap<>(secrets.credentialSets()).forEach((name, set) -> {
                ObjectNode values = sets.putObject(name).put("scope", set.scope().wireName()).putObject("values");
                new TreeMap<>(set.values()).forEach((key, value) -> values.put(key, value.value()));
            });
        }
        try {
            return JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("serialising a json tree failed", e);
        }
    }

    private static void checkVersion(JsonNode version) throws SecretDocumentException {
        if (version == null || version.isNull()) {
            throw new SecretDocumentException("secret document has no version");
        }
        if (!version.isIntegralNumber() || !version.canConvertToInt()) {
            throw new SecretDocumentException("secret document version must be a whole number");
        }
        if (version.asInt() != VERSION) {
            throw new SecretDocumentException("secret document version " + version.asInt()
                    + " is not supported: this runner reads version " + VERSION
                    + (version.asInt() > VERSION ? " (a newer runner wrote it: upgrade this one)" : ""));
        }
    }

    private static Secret token(JsonNode token) throws SecretDocumentException {
        if (token == null || token.isNull()) {
            throw new SecretDocumentException("secret document has no runner_token");
        }
        if (!token.isTextual() || token.asText().isEmpty()) {
            throw new SecretDocumentException("runner_token must be a non-empty string");
        }
        return Secret.of(token.asText());
    }

    private static Optional<Secret> webhookSecret(JsonNode secret) throws SecretDocumentException {
        if (secret == null || secret.isNull()) {
            return Optional.empty();
        }
        if (!secret.isTextual() || secret.asText().isEmpty()) {
            throw new SecretDocumentException("webhook_secret must be a non-empty string when present");
        }
        return Optional.of(Secret.of(secret.asText()));
    }

    private static Map<String, CredentialSet> credentialSets(JsonNode sets) throws SecretDocumentException {
        Map<String, CredentialSet> parsed = new TreeMap<>();
        if (sets == null || sets.isNull()) {
            return parsed;
        }
        if (!sets.isObject()) {
            throw new SecretDocumentException("credential_sets must be an object of named sets");
        }
        for (var entry : sets.properties()) {
            parsed.put(entry.getKey(), credentialSet(entry.getKey(), entry.getValue()));
        }
        return parsed;
    }

    private static CredentialSet credentialSet(String name, JsonNode set) throws SecretDocumentException {
        // the name is checked with the rules; until then it is not repeated
        String where = SecretNames.setNameProblem(name).isEmpty() ? "credential set " + name : "a credential set";
        if (!set.isObject()) {
            throw new SecretDocumentException(where + " must be an object with scope and values");
        }
        JsonNode scope = set.get("scope");
        if (scope == null || !scope.isTextual()) {
            throw new SecretDocumentException(where + " needs a scope: "
                    + CredentialSet.Scope.PROTECTED_REFS_ONLY.wireName() + " or " + CredentialSet.Scope.ALL_REFS.wireName());
        }
        JsonNode values = set.get("values");
        if (values == null || !values.isObject() || values.isEmpty()) {
            throw new SecretDocumentException(where + " needs values: an object of at least one variable");
        }
        Map<String, Secret> parsed = new TreeMap<>();
        for (var entry : values.properties()) {
            JsonNode value = entry.getValue();
            if (!value.isTextual() || value.asText().isEmpty()) {
                throw new SecretDocumentException(where + ": every value must be a non-empty string");
            }
            parsed.put(entry.getKey(), Secret.of(value.asText()));
        }
        return new CredentialSet(SecretDocumentRules.scope(where, scope.asText()), parsed);
    }
}
