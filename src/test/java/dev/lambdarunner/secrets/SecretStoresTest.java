package dev.lambdarunner.secrets;

import dev.lambdarunner.sensitive.Secret;
import dev.lambdarunner.testsupport.TestConfig;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretStoresTest {

    /** Clients that fail the test if anything calls them. */
    private static <T> T untouchable(Class<T> type) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            throw new AssertionError("the AWS client was used: " + method.getName());
        }));
    }

    private final SecretsManagerAccess noAws = SecretsManagerAccess.of(untouchable(SecretsManagerClient.class),
            untouchable(KmsClient.class));

    @Test
    void withoutASecretIdTheTokenComesFromConfigurationAndAwsIsNeverAsked() throws Exception {
        SecretStore store = SecretStores.choose(TestConfig.runner(Map.of("runner.gitlab.token", "glrt-from-config",
                "runner.gitlab.webhook-secret", "hook-from-config")), noAws, Clock.systemUTC());

        RunnerSecrets secrets = store.load();

        assertThat(secrets.runnerToken().value()).isEqualTo("glrt-from-config");
        assertThat(secrets.webhookSecret()).map(Secret::value).contains("hook-from-config");
        assertThat(secrets.credentialSets()).isEmpty();
    }

    @Test
    void withASecretIdItIsTheCachedSecretsManagerStore() {
        SecretStore store = SecretStores.choose(TestConfig.runner(Map.of("runner.secrets.secret-id", "runner/prod",
                "runner.secrets.cache-ttl", "PT2M")), noAws, Clock.systemUTC());

        assertThat(store).hasToString("CachingSecretStore[ttl=PT2M, SecretsManagerSecrets[SecretLocation[secretId=runner/prod,"
                + " kmsKeyId=Optional.empty, runnerName=lambda-terraform]]]");
        assertThatThrownBy(store::load).hasMessageContaining("the AWS client was used: getSecretValue");
    }

    @Test
    void neitherGivesAClearMessage() {
        SecretStore store = SecretStores.choose(TestConfig.runner(Map.of()), noAws, Clock.systemUTC());

        assertThatThrownBy(store::load).isInstanceOf(SecretStoreException.class).hasMessage(
                "no runner token: set RUNNER_GITLAB_TOKEN, or RUNNER_SECRETS_SECRET_ID to read it from Secrets Manager");
    }
}
