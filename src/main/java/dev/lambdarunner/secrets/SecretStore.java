package dev.lambdarunner.secrets;

/** Where a runner's secret document comes from. */
public interface SecretStore {

    /**
     * The runner's secrets, decrypted.
     *
     * @throws SecretStoreException with a message naming the secret and the cause (never a secret value)
     */
    RunnerSecrets load() throws SecretStoreException;
}
