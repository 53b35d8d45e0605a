package dev.lambdarunner.secrets;

/**
 * A secret document stored.
 *
 * @param created   whether the secret was created (else a new version of an existing one was put)
 * @param versionId the Secrets Manager version that now holds the document
 */
public record PutResult(String secretArn, String versionId, String keyId, boolean created) {
}
