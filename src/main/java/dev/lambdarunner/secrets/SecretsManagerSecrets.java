package dev.lambdarunner.secrets;

import org.jboss.logging.Logger;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DecryptRequest;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.DisabledException;
import software.amazon.awssdk.services.kms.model.IncorrectKeyException;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DecryptionFailureException;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

import java.util.Arrays;
import java.util.function.Supplier;

/**
 * The runner's secret document from Secrets Manager, decrypted with KMS ({@code GetSecretValue}, then
 * {@code Decrypt} under the encryption context {@code runner=<runner name>}, pinned to the configured key when
 * there is one). Every failure names the secret and its cause, and a distinct cause for each of: secret missing,
 * access denied (Secrets Manager or KMS), encrypted for another runner, another key, a damaged or foreign
 * secret. Logs name the secret and the key, never a value.
 */
public final class SecretsManagerSecrets implements SecretStore {

    private static final Logger LOG = Logger.getLogger(SecretsManagerSecrets.class);

    private final Supplier<SecretsManagerClient> secretsManager;
    private final Supplier<KmsClient> kms;
    private final SecretLocation location;

    /** The clients are asked for at each call, so that a client that cannot be built fails as that call. */
    SecretsManagerSecrets(Supplier<SecretsManagerClient> secretsManager, Supplier<KmsClient> kms, SecretLocation location) {
        this.secretsManager = secretsManager;
        this.kms = kms;
        this.location = location;
    }

    @Override
    public RunnerSecrets load() throws SecretStoreException {
        return read().secrets();
    }

    /** The document with where it came from (for {@code secrets show}). */
    public StoredSecrets read() throws SecretStoreException {
        GetSecretValueResponse stored = fetch();
        if (stored.secretString() == null) {
            throw new SecretStoreException(reading() + "it holds binary data, not a runner secret envelope"
                    + " (was it written by 'secrets put'?)");
        }
        SecretEnvelope envelope = SecretEnvelope.parse(location.secretId(), stored.secretString());
        if (!envelope.runnerName().equals(location.runnerName())) {
            throw new SecretStoreException(decrypting() + "it was encrypted for runner '" + envelope.runnerName()
                    + "', this runner is '" + location.runnerName() + "' (runner.secrets.runner-name); the KMS"
                    + " encryption context must match");
        }
        DecryptResponse decrypted = decrypt(envelope);
        byte[] plaintext = decrypted.plaintext().asByteArray();
        try {
            RunnerSecrets secrets = SecretDocument.parse(plaintext);
            LOG.infof("Reading runner secret... done secret=%s version=%s key=%s runner=%s credential_sets=%s",
                    stored.arn(), stored.versionId(), decrypted.keyId(), location.runnerName(),
                    secrets.credentialSets().keySet());
            return new StoredSecrets(stored.arn(), stored.versionId(), decrypted.keyId(), location.runnerName(), secrets);
        } catch (SecretDocumentException e) {
            throw new SecretStoreException(reading() + e.getMessage());
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    private GetSecretValueResponse fetch() throws SecretStoreException {
        try {
            return secretsManager.get().getSecretValue(r -> r.secretId(location.secretId()));
        } catch (ResourceNotFoundException e) {
            throw new SecretStoreException(reading() + "not found (check runner.secrets.secret-id and the region;"
                    + " 'secrets put' creates it)", e);
        } catch (DecryptionFailureException e) {
            throw new SecretStoreException(reading() + "Secrets Manager cannot decrypt it with the secret's own KMS"
                    + " key: " + AwsFailure.describe(e), e);
        } catch (SdkException e) {
            if (AwsFailure.isAccessDenied(e)) {
                throw new SecretStoreException(reading() + "access denied (the caller needs"
                        + " secretsmanager:GetSecretValue on it): " + AwsFailure.describe(e), e);
            }
            throw new SecretStoreException(reading() + AwsFailure.describe(e), e);
        } catch (RuntimeException e) {
            throw AwsFailure.outsideCall(reading(), e);
        }
    }

    private DecryptResponse decrypt(SecretEnvelope envelope) throws SecretStoreException {
        DecryptRequest.Builder request = DecryptRequest.builder()
                .ciphertextBlob(SdkBytes.fromByteArray(envelope.ciphertext()))
                .encryptionContext(SecretEnvelope.context(location.runnerName()));
        location.kmsKeyId().ifPresent(request::keyId);
        String key = location.kmsKeyId().orElse(envelope.keyId());
        try {
            return kms.get().decrypt(request.build());
        } catch (InvalidCiphertextException e) {
            throw new SecretStoreException(decrypting() + "KMS refused it under encryption context runner="
                    + location.runnerName() + ": it was encrypted for another runner, or the ciphertext was changed", e);
        } catch (IncorrectKeyException e) {
            throw new SecretStoreException(decrypting() + "it was encrypted with another KMS key than " + key
                    + " (runner.secrets.kms-key-id)", e);
        } catch (NotFoundException e) {
            throw new SecretStoreException(decrypting() + "KMS key " + key + " not found: " + AwsFailure.describe(e), e);
        } catch (DisabledException | KmsInvalidStateException e) {
            throw new SecretStoreException(decrypting() + "KMS key " + key + " is disabled or pending deletion: "
                    + AwsFailure.describe(e), e);
        } catch (SdkException e) {
            if (AwsFailure.isAccessDenied(e)) {
                throw new SecretStoreException(decrypting() + "access denied by KMS (the caller needs kms:Decrypt on "
                        + key + " with kms:EncryptionContext:runner=" + location.runnerName() + "): "
                        + AwsFailure.describe(e), e);
            }
            throw new SecretStoreException(decrypting() + AwsFailure.describe(e), e);
        } catch (RuntimeException e) {
            throw AwsFailure.outsideCall(decrypting(), e);
        }
    }

    private String reading() {
        return "reading secret " + location.secretId() + ": ";
    }

    private String decrypting() {
        return "decrypting secret " + location.secretId() + ": ";
    }

    @Override
    public String toString() {
        return "SecretsManagerSecrets[" + location + "]";
    }
}
