package dev.lambdarunner.secrets;

import dev.lambdarunner.credentials.CredentialRequest;
import dev.lambdarunner.credentials.CredentialSource;
import dev.lambdarunner.credentials.JobCredentials;
import dev.lambdarunner.sensitive.Secret;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Hands a job the credential sets of the runner's secret document that its ref allows: every
 * {@code all-refs} set, and the {@code protected-refs-only} sets only when GitLab says the job runs on a
 * protected ref. Where a protected-only set and an all-refs set define the same variable, the protected set's
 * value wins on a protected ref (e.g. write keys for apply on {@code main}, read-only keys for plans
 * everywhere). The job engine masks every granted value.
 */
public final class CredentialSetSource implements CredentialSource {

    private final Map<String, CredentialSet> sets;

    public CredentialSetSource(Map<String, CredentialSet> sets) {
        this.sets = new TreeMap<>(sets);
    }

    @Override
    public JobCredentials forJob(CredentialRequest request) {
        Map<String, Secret> environment = new LinkedHashMap<>();
        List<String> used = new ArrayList<>();
        grant(CredentialSet.Scope.ALL_REFS, environment, used);
        if (request.refProtected()) {
            grant(CredentialSet.Scope.PROTECTED_REFS_ONLY, environment, used);
        }
        String source = (used.size() == 1 ? "credential set " : "credential sets ") + String.join(", ", used);
        return used.isEmpty() ? JobCredentials.none("credential sets") : new JobCredentials(source, environment);
    }

    private void grant(CredentialSet.Scope scope, Map<String, Secret> environment, List<String> used) {
        sets.forEach((name, set) -> {
            if (set.scope() == scope) {
                environment.putAll(new TreeMap<>(set.values()));
                used.add(name + " (" + scope.wireName() + ")");
            }
        });
    }

    @Override
    public String toString() {
        return "CredentialSetSource[" + sets.keySet() + "]";
    }
}
