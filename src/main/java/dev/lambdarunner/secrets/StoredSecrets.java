package dev.lambdarunner.secrets;

/**
 * A secret document as read from Secrets Manager, with where it came from.
 *
 * @param secretArn the secret's ARN
 * @param versionId the Secrets Manager version read
 * @param keyId     the KMS key that decrypted it (its ARN, as KMS reports it)
 * @param runner    the encryption context's {@code runner} value it decrypted under
 */
public record StoredSecrets(String secretArn, String versionId, String keyId, String runner, RunnerSecrets secrets) {
}
