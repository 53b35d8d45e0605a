package dev.lambdarunner.secrets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Base64;
import java.util.Map;

/**
 * What the Secrets Manager secret holds as its {@code SecretString}: the KMS ciphertext of the secret document
 * and, in clear, how it was made.
 * <pre>{@code
 * {"format": "lambda-runner-secret", "version": 1,
 *  "kms_key_id": "arn:aws:kms:...:key/...", "encryption_context": {"runner": "lambda-terraform"},
 *  "ciphertext": "<base64 of KMS Encrypt's CiphertextBlob>"}
 * }</pre>
 * A string rather than {@code SecretBinary}: the console, the AWS CLI and infrastructure code show it as is, so an
 * operator sees which key and runner a secret belongs to without decrypting anything, and a reader can say
 * "encrypted for runner a, this is runner b" before asking KMS. The clear fields are hints only; KMS checks the
 * key and the encryption context itself.
 *
 * @param keyId      the key KMS reported encrypting with (its ARN)
 * @param runnerName the {@code runner} value of the encryption context
 */
record SecretEnvelope(String keyId, String runnerName, byte[] ciphertext) {

    static final String FORMAT = "lambda-runner-secret";
    static final int VERSION = 1;
    /** The encryption context key, also the IAM condition key {@code kms:EncryptionContext:runner}. */
    static final String CONTEXT_KEY = "runner";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The encryption context for {@code runnerName}. */
    static Map<String, String> context(String runnerName) {
        return Map.of(CONTEXT_KEY, runnerName);
    }

    String toJson() {
        ObjectNode root = JSON.createObjectNode().put("format", FORMAT).put("version", VERSION)
                .put("kms_key_id", keyId);
        root.putObject("encryption_context").put(CONTEXT_KEY, runnerName);
        root.put("ciphertext", Base64.getEncoder().encodeToString(ciphertext));
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("serialising a json tree failed", e);
        }
    }

    /** @throws SecretStoreException naming {@code secretId} when the string is not such an envelope */
    static SecretEnvelope parse(String secretId, String json) throws SecretStoreException {
        String notOurs = "reading secret " + secretId + ": it does not hold a runner secret envelope ";
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new SecretStoreException(notOurs + "(not JSON; was it written by 'secrets put'?)");
        }
        if (root == null || !FORMAT.equals(root.path("format").asText(null))) {
            throw new SecretStoreException(notOurs + "(no \"format\": \"" + FORMAT + "\"; was it written by 'secrets put'?)");
        }
        int version = root.path("version").asInt(-1);
        if (version != VERSION) {
            throw new SecretStoreException("reading secret " + secretId + ": envelope version " + version
                    + " is not supported (this runner reads version " + VERSION + ")");
        }
        String runner = root.path("encryption_context").path(CONTEXT_KEY).asText(null);
        String keyId = root.path("kms_key_id").asText(null);
        String ciphertext = root.path("ciphertext").asText(null);
        if (runner == null || keyId == null || ciphertext == null) {
            throw new SecretStoreException(notOurs + "(kms_key_id, encryption_context.runner or ciphertext missing)");
        }
        try {
            return new SecretEnvelope(keyId, runner, Base64.getDecoder().decode(ciphertext));
        } catch (IllegalArgumentException e) {
            throw new SecretStoreException(notOurs + "(ciphertext is not base64)");
        }
    }

    @Override
    public String toString() {
        return "SecretEnvelope[keyId=" + keyId + ", runner=" + runnerName + ", ciphertext=" + ciphertext.length + " bytes]";
    }
}
