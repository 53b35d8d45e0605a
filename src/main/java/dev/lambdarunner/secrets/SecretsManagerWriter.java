package dev.lambdarunner.secrets;

import org.jboss.logging.Logger;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.EncryptResponse;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.CreateSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.PutSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Stores a runner's secret document: encrypts it client-side with KMS {@code Encrypt} (the configured key,
 * encryption context {@code runner=<runner name>}) and puts the {@link SecretEnvelope} into Secrets Manager,
 * creating the secret when it does not exist. Needs only {@code kms:Encrypt},
 * {@code secretsmanager:DescribeSecret}, {@code CreateSecret} and {@code PutSecretValue}: it never reads the
 * stored document (that would take {@code kms:Decrypt}), so every put replaces the whole document.
 * <p>
 * KMS encrypts at most {@value #MAX_DOCUMENT_BYTES} bytes directly; a larger document is refused before anything
 * is sent (data keys from {@code GenerateDataKey} would lift the limit but need a right beyond {@code Encrypt}).
 */
public final class SecretsManagerWriter {

    /** KMS {@code Encrypt}'s plaintext limit. */
    public static final int MAX_DOCUMENT_BYTES = 4096;
    /** Room {@link #check} keeps for a runner token it does not know yet. */
    static final int TOKEN_ALLOWANCE = 128;

    private static final Logger LOG = Logger.getLogger(SecretsManagerWriter.class);

    private final Supplier<SecretsManagerClient> secretsManager;
    private final Supplier<KmsClient> kms;
    private final SecretLocation location;
    private final String keyId;

    /** @throws IllegalArgumentException when the location has no KMS key */
    SecretsManagerWriter(Supplier<SecretsManagerClient> secretsManager, Supplier<KmsClient> kms, SecretLocation location) {
        this.secretsManager = secretsManager;
        this.kms = kms;
        this.location = location;
        this.keyId = location.kmsKeyId().orElseThrow(() -> new IllegalArgumentException(
                "writing secret " + location.secretId() + " needs a KMS key: pass --kms-key-id or set"
                        + " RUNNER_SECRETS_KMS_KEY_ID"));
    }

    /**
     * Checks what can be checked before the runner token exists (so that {@code register} does not create a
     * runner whose token cannot be stored): {@code draft}, holding a placeholder token, is valid and still fits
     * with {@value #TOKEN_ALLOWANCE} more characters of token, and the secret can be looked up.
     */
    public void check(RunnerSecrets draft) throws SecretStoreException {
        byte[] document = SecretDocument.render(draft);
        try {
            requireSize(document.length + TOKEN_ALLOWANCE);
        } finally {
            Arrays.fill(document, (byte) 0);
        }
        describe();
    }

    /** Encrypts and stores {@code secrets}, replacing the whole document. */
    public PutResult put(RunnerSecrets secrets) throws SecretStoreException {
        byte[] document = SecretDocument.render(secrets);
        EncryptResponse encrypted;
        try {
            requireSize(document.length);
            encrypted = encrypt(document);
        } finally {
            Arrays.fill(document, (byte) 0);
        }
        String envelope = new SecretEnvelope(encrypted.keyId(), location.runnerName(),
                encrypted.ciphertextBlob().asByteArray()).toJson();
        PutResult result = describe().isPresent() ? putVersion(envelope, encrypted.keyId()) : create(envelope, encrypted.keyId());
        LOG.infof("Storing runner secret... done secret=%s version=%s created=%s key=%s runner=%s credential_sets=%s",
                result.secretArn(), result.versionId(), result.created(), result.keyId(), location.runnerName(),
                secrets.credentialSets().keySet());
        return result;
    }

    private static void requireSize(int bytes) throws SecretStoreException {
        if (bytes > MAX_DOCUMENT_BYTES) {
            throw new SecretDocumentException("secret document is " + bytes + " bytes, over the "
                    + MAX_DOCUMENT_BYTES + " bytes KMS encrypts directly: drop or shorten credential sets");
        }
    }

    private EncryptResponse encrypt(byte[] document) throws SecretStoreException {
        String encrypting = "encrypting the secret document with KMS key " + keyId + ": ";
        try {
            return kms.get().encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromByteArray(document))
                    .encryptionContext(SecretEnvelope.context(location.runnerName())));
        } catch (NotFoundException e) {
            throw new SecretStoreException(encrypting + "key not found (check --kms-key-id and the region)", e);
        } catch (SdkException e) {
            if (AwsFailure.isAccessDenied(e)) {
                throw new SecretStoreException(encrypting + "access denied (the caller needs kms:Encrypt on the key"
                        + " with kms:EncryptionContext:runner=" + location.runnerName() + "): " + AwsFailure.describe(e), e);
            }
            throw new SecretStoreException(encrypting + AwsFailure.describe(e), e);
        } catch (RuntimeException e) {
            throw AwsFailure.outsideCall(encrypting, e);
        }
    }

    /** The secret's description, or empty when it does not exist yet. */
    private Optional<DescribeSecretResponse> describe() throws SecretStoreException {
        try {
            DescribeSecretResponse secret = secretsManager.get().describeSecret(r -> r.secretId(location.secretId()));
            if (secret.deletedDate() != null) {
                throw new SecretStoreException(writing() + "it is scheduled for deletion: restore it"
                        + " (aws secretsmanager restore-secret) or use another name");
            }
            return Optional.of(secret);
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw failure("secretsmanager:DescribeSecret", e);
        } catch (RuntimeException e) {
            throw AwsFailure.outsideCall(writing(), e);
        }
    }

    private PutResult putVersion(String envelope, String encryptedWith) throws SecretStoreException {
        try {
            PutSecretValueResponse put = secretsManager.get().putSecretValue(r -> r.secretId(location.secretId())
                    .secretString(envelope));
            return new PutResult(put.arn(), put.versionId(), encryptedWith, false);
        } catch (SdkException e) {
            throw failure("secretsmanager:PutSecretValue", e);
        } catch (RuntimeException e) {
            throw AwsFailure.outsideCall(writing(), e);
        }
    }

    private PutResult create(String envelope, String encryptedWith) throws SecretStoreException {
        if (location.secretId().startsWith("arn:")) {
            throw new SecretStoreException(writing() + "no secret has this ARN; give a name instead to create it");
        }
        try {
            CreateSecretResponse created = secretsManager.get().createSecret(r -> r.name(location.secretId())
                    .description("GitLab runner secret document of runner " + location.runnerName()
                            + ", encrypted client-side with KMS (lambda-gitlab-runner-for-terraform)")
                    .secretString(envelope));
            return new PutResult(created.arn(), created.versionId(), encryptedWith, true);
        } catch (ResourceExistsException e) {
            return putVersion(envelope, encryptedWith); // created meanwhile by someone else
        } catch (SdkException e) {
            throw failure("secretsmanager:CreateSecret", e);
        } catch (RuntimeException e) {
            throw AwsFailure.outsideCall(writing(), e);
        }
    }

    private SecretStoreException failure(String action, SdkException e) {
        if (AwsFailure.isAccessDenied(e)) {
            return new SecretStoreException(writing() + "access denied (the caller needs " + action + " on it): "
                    + AwsFailure.describe(e), e);
        }
        return new SecretStoreException(writing() + AwsFailure.describe(e), e);
    }

    private String writing() {
        return "writing secret " + location.secretId() + ": ";
    }
}
