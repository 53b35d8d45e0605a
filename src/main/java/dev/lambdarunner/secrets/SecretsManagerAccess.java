package dev.lambdarunner.secrets;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.util.function.Supplier;

/**
 * Readers and writers of secret documents in Secrets Manager, over the Quarkiverse-configured clients
 * ({@code quarkus.secretsmanager.*}, {@code quarkus.kms.*}). The clients are looked up only when a reader or
 * writer is made, so a runner that takes its token from plain configuration needs no AWS region or credentials.
 */
@ApplicationScoped
public class SecretsManagerAccess {

    private final Supplier<SecretsManagerClient> secretsManager;
    private final Supplier<KmsClient> kms;

    @Inject
    SecretsManagerAccess(Instance<SecretsManagerClient> secretsManager, Instance<KmsClient> kms) {
        this.secretsManager = secretsManager::get;
        this.kms = kms::get;
    }

    private SecretsManagerAccess(SecretsManagerClient secretsManager, KmsClient kms) {
        this.secretsManager = () -> secretsManager;
        this.kms = () -> kms;
    }

    /** Over given clients, outside CDI (tests, tools). */
    public static SecretsManagerAccess of(SecretsManagerClient secretsManager, KmsClient kms) {
        return new SecretsManagerAccess(secretsManager, kms);
    }

    /** Reads the document at {@code location}; every call reads it again (see {@link SecretStores} for caching). */
    public SecretsManagerSecrets reader(SecretLocation location) {
        return new SecretsManagerSecrets(secretsManager, kms, location);
    }

    /** @throws IllegalArgumentException when {@code location} has no KMS key */
    public SecretsManagerWriter writer(SecretLocation location) {
        return new SecretsManagerWriter(secretsManager, kms, location);
    }
}
