package dev.lambdarunner.secrets;

import dev.lambdarunner.config.RunnerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import java.time.Clock;
import java.util.Optional;

/**
 * Chooses where the runner's secrets come from: the Secrets Manager secret when {@code runner.secrets.secret-id}
 * is set (cached for {@code runner.secrets.cache-ttl}; without {@code protected-refs-only} sets when
 * {@code runner.secrets.protected-sets} is false), else plain configuration.
 */
@ApplicationScoped
class SecretStores {

    @Produces
    @ApplicationScoped
    SecretStore secretStore(RunnerConfig config, SecretsManagerAccess access) {
        return choose(config, access, Clock.systemUTC());
    }

    static SecretStore choose(RunnerConfig config, SecretsManagerAccess access, Clock clock) {
        Optional<SecretLocation> location = SecretLocation.configured(config.secrets());
        if (location.isEmpty()) {
            return new ConfiguredSecrets(config.gitlab());
        }
        SecretStore reader = access.reader(location.get());
        if (!config.secrets().protectedSets()) {
            reader = new NoProtectedSets(reader, location.get().runnerName());
        }
        return new CachingSecretStore(reader, config.secrets().cacheTtl(), clock);
    }
}
