package dev.lambdarunner.cli;

import dev.lambdarunner.secrets.CredentialSet;
import dev.lambdarunner.sensitive.Secret;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What goes into a secret document besides the runner token, for {@code secrets put} and {@code register}.
 * Values come from the environment or stdin, never from argv; argv only names them.
 */
final class DocumentOptions {

    static final String WEBHOOK_SECRET_ENV = "RUNNER_GITLAB_WEBHOOK_SECRET";

    @Option(names = "--webhook-secret-stdin",
            description = "Read the webhook secret (GitLab's X-Gitlab-Token) from stdin, on the line after the token when both come from stdin. Else it comes from env " + WEBHOOK_SECRET_ENV + ", if set.")
    boolean webhookSecretFromStdin;

    @Option(names = "--generate-webhook-secret",
            description = "Generate a random webhook secret and print it once, to paste into GitLab's job webhook (Secret token).")
    boolean generateWebhookSecret;

    @ArgGroup(exclusive = false, multiplicity = "0..*",
            heading = "Credential sets (repeat the three options for each set; values come from this command's environment):%n")
    List<SetOptions> credentialSets = new ArrayList<>();

    /** One {@code --credential-set NAME --scope SCOPE --from-env VAR[=FROM][,...]}. */
    static final class SetOptions {
        @Option(names = "--credential-set", required = true, paramLabel = "NAME",
                description = "Name of the set, e.g. scaleway (a-z, 0-9, _ and -).")
        String name;

        @Option(names = "--scope", required = true, paramLabel = "SCOPE",
                description = "protected-refs-only (jobs on protected branches and tags only) or all-refs.")
        String scope;

        @Option(names = "--from-env", required = true, split = ",", paramLabel = "VAR[=FROM]",
                description = "Variables of the set, each read from this command's environment variable of the same name, or of the name after '='.")
        List<String> variables;
    }

    /** The webhook secret to store, and whether it was generated here (then the caller prints it once). */
    record WebhookSecret(Optional<Secret> secret, boolean generated) {
    }

    WebhookSecret webhookSecret(CommandSpec spec, OperatorInput input) {
        if (generateWebhookSecret && webhookSecretFromStdin) {
            throw new ParameterException(spec.commandLine(),
                    "--generate-webhook-secret and --webhook-secret-stdin exclude each other");
        }
        if (generateWebhookSecret) {
            // A SecureRandom made here, when the command runs: one held in a static field would be created while
            // the native image is built (Quarkus initializes application classes at build time) and seeded there.
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            return new WebhookSecret(Optional.of(Secret.of(Base64.getUrlEncoder().withoutPadding().encodeToString(random))), true);
        }
        if (webhookSecretFromStdin) {
            return new WebhookSecret(Optional.of(Secret.of(input.readLine(spec, "webhook secret"))), false);
        }
        return new WebhookSecret(input.env(WEBHOOK_SECRET_ENV).map(Secret::of), false);
    }

    Map<String, CredentialSet> credentialSets(CommandSpec spec, OperatorInput input) {
        Map<String, CredentialSet> sets = new LinkedHashMap<>();
        for (SetOptions set : credentialSets) {
            if (sets.containsKey(set.name)) {
                throw new ParameterException(spec.commandLine(), "credential set " + set.name + " is given twice");
            }
            sets.put(set.name, new CredentialSet(scope(spec, set), values(spec, input, set)));
        }
        return sets;
    }

    private static CredentialSet.Scope scope(CommandSpec spec, SetOptions set) {
        for (CredentialSet.Scope scope : CredentialSet.Scope.values()) {
            if (scope.wireName().equals(set.scope)) {
                return scope;
            }
        }
        throw new ParameterException(spec.commandLine(), "credential set " + set.name + ": --scope must be "
                + CredentialSet.Scope.PROTECTED_REFS_ONLY.wireName() + " or " + CredentialSet.Scope.ALL_REFS.wireName()
                + ", not '" + set.scope + "'");
    }

    private static Map<String, Secret> values(CommandSpec spec, OperatorInput input, SetOptions set) {
        Map<String, Secret> values = new LinkedHashMap<>();
        for (String entry : set.variables) {
            int equals = entry.indexOf('=');
            String name = equals < 0 ? entry : entry.substring(0, equals);
            String from = equals < 0 ? entry : entry.substring(equals + 1);
            String value = input.env(from).orElseThrow(() -> new ParameterException(spec.commandLine(),
                    "credential set " + set.name + ": " + from + " is not set in the environment"));
            if (values.put(name, Secret.of(value)) != null) {
                throw new ParameterException(spec.commandLine(), "credential set " + set.name + ": " + name
                        + " is given twice");
            }
        }
        return values;
    }
}
