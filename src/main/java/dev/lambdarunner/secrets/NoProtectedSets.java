package dev.lambdarunner.secrets;

import java.util.Objects;
import java.util.TreeSet;

/**
 * The secret document of a runner that takes jobs of unprotected refs ({@code runner.secrets.protected-sets=false},
 * the deployment's plan runner): a document holding a {@code protected-refs-only} credential set is refused at
 * load, before the runner takes any job, and by {@link #check} before the CLI writes one. Such a set belongs in the
 * apply runner's secret, which only the apply function (registered {@code ref_protected}) can decrypt; in the plan
 * runner's memory it would sit where code of an unmerged branch runs, whatever the runner hands to jobs.
 */
public final class NoProtectedSets implements SecretStore {

    private final SecretStore delegate;
    private final String runnerName;

    NoProtectedSets(SecretStore delegate, String runnerName) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.runnerName = Objects.requireNonNull(runnerName, "runnerName");
    }

    @Override
    public RunnerSecrets load() throws SecretStoreException {
        RunnerSecrets secrets = delegate.load();
        check(secrets, runnerName);
        return secrets;
    }

    /**
     * Refuses {@code secrets} when any of its credential sets is {@code protected-refs-only}; the message names the
     * sets and the runner, never a value.
     */
    public static void check(RunnerSecrets secrets, String runnerName) throws SecretDocumentException {
        TreeSet<String> found = new TreeSet<>();
        secrets.credentialSets().forEach((name, set) -> {
            if (set.scope() == CredentialSet.Scope.PROTECTED_REFS_ONLY) {
                found.add(name);
            }
        });
        if (!found.isEmpty()) {
            throw new SecretDocumentException("the secret document of runner " + runnerName + " holds "
                    + CredentialSet.Scope.PROTECTED_REFS_ONLY.wireName() + " credential set(s) " + String.join(", ", found)
                    + ", but runner.secrets.protected-sets is false: this runner takes jobs of unprotected refs; put"
                    + " them in the apply runner's secret");
        }
    }

    @Override
    public String toString() {
        return "NoProtectedSets[" + delegate + "]";
    }
}
