package dev.lambdarunner.cli;

import dev.lambdarunner.secrets.CredentialSet;
import dev.lambdarunner.secrets.PutResult;
import dev.lambdarunner.secrets.RunnerSecrets;
import dev.lambdarunner.secrets.SecretLocation;

import java.io.PrintWriter;
import java.util.Map;
import java.util.TreeMap;

/** What the secret commands print about a document: names and scopes, never a value. */
final class SecretReport {

    private SecretReport() {
    }

    static void stored(PrintWriter out, PutResult result, SecretLocation location, RunnerSecrets secrets) {
        out.println((result.created() ? "created secret " : "stored a new version of secret ") + result.secretArn()
                + " (version " + result.versionId() + "), encrypted with " + result.keyId() + " for runner "
                + location.runnerName());
        contents(out, secrets);
        out.println("note: every put replaces the whole document (reading it back would need kms:Decrypt);"
                + " credential sets not given here are gone");
    }

    static void contents(PrintWriter out, RunnerSecrets secrets) {
        out.println("runner token: set");
        out.println("webhook secret: " + (secrets.webhookSecret().isPresent() ? "set" : "not set"));
        if (secrets.credentialSets().isEmpty()) {
            out.println("credential sets: none");
        }
        for (Map.Entry<String, CredentialSet> set : new TreeMap<>(secrets.credentialSets()).entrySet()) {
            out.println("credential set " + set.getKey() + " (" + set.getValue().scope().wireName() + "): "
                    + String.join(", ", new TreeMap<>(set.getValue().values()).keySet()));
        }
    }
}
