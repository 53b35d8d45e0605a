package dev.lambdarunner.secrets;

import java.util.Map;
import java.util.Optional;

/**
 * The decrypted secret document of one runner.
 *
 * @param runnerToken    the {@code glrt-} runner authentication token
 * @param webhookSecret  the value GitLab sends as {@code X-Gitlab-Token} with its job webhook, if one is set up
 * @param credentialSets named credential sets for non-AWS providers, by name
 */
public record RunnerSecrets(Secret runnerToken, Optional<Secret> webhookSecret,
                            Map<String, CredentialSet> credentialSets) {

    public RunnerSecrets {
        credentialSets = Map.copyOf(credentialSets);
    }
}
