package dev.lambdarunner.secrets;

import dev.lambdarunner.sensitive.Secret;
import dev.lambdarunner.config.RunnerConfig;

import java.util.Map;

/**
 * Secrets from plain configuration ({@code runner.gitlab.token}, {@code runner.gitlab.webhook-secret}), for a
 * workstation or a test; no credential sets. A deployed function keeps them in Secrets Manager instead.
 */
final class ConfiguredSecrets implements SecretStore {

    private final RunnerConfig.Gitlab gitlab;

    ConfiguredSecrets(RunnerConfig.Gitlab gitlab) {
        this.gitlab = gitlab;
    }

    @Override
    public RunnerSecrets load() throws SecretStoreException {
        String token = gitlab.token().filter(t -> !t.isBlank()).orElseThrow(() -> new SecretStoreException(
                "no runner token: set RUNNER_GITLAB_TOKEN, or RUNNER_SECRETS_SECRET_ID to read it from Secrets Manager"));
        return new RunnerSecrets(Secret.of(token), gitlab.webhookSecret().filter(s -> !s.isBlank()).map(Secret::of),
                Map.of());
    }
}
