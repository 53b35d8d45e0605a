package dev.lambdarunner.secrets;

import dev.lambdarunner.sensitive.Secret;
import java.util.Map;

/**
 * A named set of environment variables for a non-AWS provider (e.g. {@code SCW_ACCESS_KEY} and
 * {@code SCW_SECRET_KEY}), and the refs it may be used on.
 */
public record CredentialSet(Scope scope, Map<String, Secret> values) {

    public CredentialSet {
        values = Map.copyOf(values);
    }

    /** Which refs a set is handed to. */
    public enum Scope {
        /** Only jobs on protected refs ({@code CI_COMMIT_REF_PROTECTED=true}). */
        PROTECTED_REFS_ONLY("protected-refs-only"),
        /** Every job this runner takes. */
        ALL_REFS("all-refs");

        private final String wireName;

        Scope(String wireName) {
            this.wireName = wireName;
        }

        /** The name in the secret document and on the CLI. */
        public String wireName() {
            return wireName;
        }
    }
}
