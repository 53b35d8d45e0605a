package dev.lambdarunner.secrets;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The rules a secret document's content follows, for a document read and for one about to be written alike.
 * Messages name fields, set names and variable names (never a value); a name that breaks the syntax is not
 * repeated (see {@link SecretNames}).
 */
final class SecretDocumentRules {

    private SecretDocumentRules() {
    }

    static void check(RunnerSecrets secrets) throws SecretDocumentException {
        checkHeaderSafe("runner_token", secrets.runnerToken().value());
        if (secrets.webhookSecret().isPresent()) {
            checkHeaderSafe("webhook_secret", secrets.webhookSecret().get().value());
        }
        Map<String, String> protectedOwner = new TreeMap<>();
        Map<String, String> allRefsOwner = new TreeMap<>();
        for (var entry : new TreeMap<>(secrets.credentialSets()).entrySet()) {
            String name = entry.getKey();
            Optional<String> problem = SecretNames.setNameProblem(name);
            if (problem.isPresent()) {
                throw new SecretDocumentException("a credential set has an invalid name: " + problem.get());
            }
            CredentialSet set = entry.getValue();
            checkSet("credential set " + name, set);
            var owners = set.scope() == CredentialSet.Scope.PROTECTED_REFS_ONLY ? protectedOwner : allRefsOwner;
            for (String variable : new TreeMap<>(set.values()).keySet()) {
                String other = owners.putIfAbsent(variable, name);
                if (other != null) {
                    throw new SecretDocumentException("credential sets " + other + " and " + name + " both define "
                            + variable + " for " + set.scope().wireName() + ": a job given both could not tell"
                            + " which applies");
                }
            }
        }
    }

    private static void checkSet(String where, CredentialSet set) throws SecretDocumentException {
        if (set.scope() == null) {
            throw new SecretDocumentException(where + " has no scope");
        }
        if (set.values().isEmpty()) {
            throw new SecretDocumentException(where + " has no values");
        }
        for (var entry : new TreeMap<>(set.values()).entrySet()) {
            Optional<String> problem = SecretNames.variableNameProblem(entry.getKey());
            if (problem.isPresent()) {
                throw new SecretDocumentException(where + ": " + problem.get());
            }
            String value = entry.getValue().value();
            if (value.length() < SecretDocument.MIN_VALUE_LENGTH) {
                throw new SecretDocumentException(where + ": the value of " + entry.getKey() + " is shorter than "
                        + SecretDocument.MIN_VALUE_LENGTH + " characters, too short to be masked in job logs"
                        + " (pass settings that are not secret as CI/CD variables)");
            }
            if (value.indexOf('\0') >= 0) {
                throw new SecretDocumentException(where + ": the value of " + entry.getKey()
                        + " contains a NUL character, which an environment variable cannot hold");
            }
        }
    }

    /** Tokens travel in HTTP headers ({@code RUNNER-TOKEN}, {@code X-Gitlab-Token}): visible ASCII only. */
    private static void checkHeaderSafe(String field, String value) throws SecretDocumentException {
        if (!value.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            throw new SecretDocumentException(field + " must be visible ASCII characters without spaces");
        }
    }

    static CredentialSet.Scope scope(String where, String wireName) throws SecretDocumentException {
        for (CredentialSet.Scope scope : CredentialSet.Scope.values()) {
            if (scope.wireName().equals(wireName)) {
                return scope;
            }
        }
        throw new SecretDocumentException(where + ": scope must be "
                + CredentialSet.Scope.PROTECTED_REFS_ONLY.wireName() + " or " + CredentialSet.Scope.ALL_REFS.wireName());
    }
}
