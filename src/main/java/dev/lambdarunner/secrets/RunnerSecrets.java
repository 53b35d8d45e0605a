package dev.lambdarunner.secrets;

import dev.lambdarunner.sensitive.Secret;
import java.util.ArrayList;
import java.util.List;
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

    /**
     * Every value of the document: the token, the webhook secret and the values of every credential set,
     * granted to a job or not. A job's log masks all of them, so that a value reaching a job some other way
     * (a job variable, a file) still never shows.
     */
    public List<Secret> valuesToMask() {
        List<Secret> values = new ArrayList<>();
        values.add(runnerToken);
        webhookSecret.ifPresent(values::add);
        credentialSets.values().forEach(set -> values.addAll(set.values().values()));
        return values;
    }
}
