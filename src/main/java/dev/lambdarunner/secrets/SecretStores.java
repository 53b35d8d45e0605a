package dev.lambdarunner.secrets;

import dev.lambdarunner.config.RunnerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** Chooses where the runner's secrets come from: Secrets Manager when a secret is configured, else configuration. */
@ApplicationScoped
class SecretStores {

    @Produces
    @ApplicationScoped
    SecretStore secretStore(RunnerConfig config) {
        return new ConfiguredSecrets(config.gitlab());
    }
}
