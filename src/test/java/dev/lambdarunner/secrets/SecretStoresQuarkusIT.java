package dev.lambdarunner.secrets;

import dev.lambdarunner.sensitive.Secret;
import dev.lambdarunner.poller.RunnerFactory;
import dev.lambdarunner.testsupport.MotoTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application's own wiring against moto: with {@code runner.secrets.secret-id} set, the produced
 * {@link SecretStore} reads the secret through the Quarkiverse clients, and keeps it for the cache TTL.
 */
@QuarkusTest
@TestProfile(SecretStoresQuarkusIT.FromSecretsManager.class)
class SecretStoresQuarkusIT {

    static final String SECRET_ID = "quarkus-test/runner";

    /** The runner reads its secret from moto's Secrets Manager and caches it for an hour. */
    public static class FromSecretsManager implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(MotoTestResource.class));
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("runner.secrets.secret-id", SECRET_ID, "runner.secrets.runner-name", "quarkus",
                    "runner.secrets.cache-ttl", "PT1H", "quarkus.lambda.mock-event-server.test-port", "0");
        }
    }

    @Inject
    SecretStore store;

    @Inject
    SecretsManagerAccess access;

    @Inject
    RunnerFactory factory;

    @Test
    void readsTheSecretThroughTheConfiguredClientsAndCachesIt() throws Exception {
        SecretLocation location = new SecretLocation(SECRET_ID, Optional.of(MotoTestResource.keyArn()), "quarkus");
        access.writer(location).put(new RunnerSecrets(Secret.of("glrt-first-token-000"), Optional.empty(), Map.of()));

        String first = store.load().runnerToken().value();
        access.writer(location).put(new RunnerSecrets(Secret.of("glrt-second-token-00"), Optional.empty(), Map.of()));

        assertThat(first).isEqualTo("glrt-first-token-000");
        assertThat(factory.secrets().runnerToken().value()).as("cached for runner.secrets.cache-ttl")
                .isEqualTo("glrt-first-token-000");
        assertThat(access.reader(location).load().runnerToken().value()).isEqualTo("glrt-second-token-00");
    }
}
