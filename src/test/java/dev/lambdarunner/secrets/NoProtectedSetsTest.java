package dev.lambdarunner.secrets;

import dev.lambdarunner.sensitive.Secret;
import dev.lambdarunner.testsupport.TestConfig;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The plan runner's document: protected-refs-only sets are refused at load, all-refs sets pass. */
class NoProtectedSetsTest {

    private static final String PROTECTED_VALUE = "scw-write-key-0123456789";

    private static RunnerSecrets document(CredentialSet.Scope scope) {
        return new RunnerSecrets(Secret.of("glrt-plan-runner-token"), Optional.empty(),
                Map.of("scaleway", new CredentialSet(scope, Map.of("SCW_SECRET_KEY", Secret.of(PROTECTED_VALUE)))));
    }

    @Test
    void aDocumentWithAProtectedSetIsRefusedNamingTheSetNeverItsValue() {
        SecretStore store = new NoProtectedSets(() -> document(CredentialSet.Scope.PROTECTED_REFS_ONLY), "lambda-terraform");

        assertThatThrownBy(store::load).isInstanceOf(SecretDocumentException.class)
                .hasMessageContaining("runner lambda-terraform holds protected-refs-only credential set(s) scaleway")
                .hasMessageContaining("put them in the apply runner's secret")
                .hasMessageNotContaining(PROTECTED_VALUE);
    }

    @Test
    void allRefsSetsPassUnchanged() throws Exception {
        RunnerSecrets secrets = document(CredentialSet.Scope.ALL_REFS);

        assertThat(new NoProtectedSets(() -> secrets, "lambda-terraform").load()).isSameAs(secrets);
    }

    @Test
    void onlyARunnerConfiguredWithoutProtectedSetsRefusesThem() {
        Map<String, String> plan = Map.of("runner.secrets.secret-id", "gitlab-runner-ci", "runner.secrets.runner-name", "ci",
                "runner.secrets.protected-sets", "false");
        Map<String, String> apply = Map.of("runner.secrets.secret-id", "gitlab-runner-ci-apply", "runner.secrets.runner-name", "ci-apply");

        assertThat(SecretStores.choose(TestConfig.runner(plan), SecretsManagerAccess.of(null, null), Clock.systemUTC()).toString())
                .startsWith("CachingSecretStore[ttl=PT5M, NoProtectedSets[SecretsManagerSecrets[");
        assertThat(SecretStores.choose(TestConfig.runner(apply), SecretsManagerAccess.of(null, null), Clock.systemUTC()).toString())
                .startsWith("CachingSecretStore[ttl=PT5M, SecretsManagerSecrets[");
    }
}
