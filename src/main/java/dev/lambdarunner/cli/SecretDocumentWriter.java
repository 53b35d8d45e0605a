package dev.lambdarunner.cli;

import dev.lambdarunner.config.RunnerConfig;
import dev.lambdarunner.secrets.NoProtectedSets;
import dev.lambdarunner.secrets.PutResult;
import dev.lambdarunner.secrets.RunnerSecrets;
import dev.lambdarunner.secrets.SecretDocumentException;
import dev.lambdarunner.secrets.SecretLocation;
import dev.lambdarunner.secrets.SecretStoreException;
import dev.lambdarunner.secrets.SecretsManagerAccess;
import dev.lambdarunner.secrets.SecretsManagerWriter;
import dev.lambdarunner.sensitive.Secret;
import jakarta.enterprise.context.Dependent;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

import java.util.Optional;

/**
 * Writes the runner's secret document for {@code secrets put} and {@code register}: on the secret their
 * {@link SecretOptions} and the configuration name, with what their {@link DocumentOptions} say it holds, the values
 * read from the operator's environment and stdin.
 */
@Dependent
class SecretDocumentWriter {

    private final SecretsManagerAccess access;
    private final RunnerConfig.Secrets config;
    private final OperatorInput input;

    SecretDocumentWriter(SecretsManagerAccess access, RunnerConfig config, OperatorInput input) {
        this.access = access;
        this.config = config.secrets();
        this.input = input;
    }

    /**
     * Resolves the secret and opens its writer, so that a missing secret id or KMS key is a usage error before
     * anything is read from stdin.
     */
    DocumentWrite open(CommandSpec spec, SecretOptions location, DocumentOptions document) {
        SecretLocation where = location.resolve(spec, config);
        try {
            return new DocumentWrite(spec, where, access.writer(where), document);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** One document written by one command run; its methods are called in the order they are listed. */
    final class DocumentWrite {

        private final CommandSpec spec;
        private final SecretLocation where;
        private final SecretsManagerWriter writer;
        private final DocumentOptions document;
        /** Read by {@link #compose}; {@link #store} prints it when it was generated here. */
        private DocumentOptions.WebhookSecret webhook = new DocumentOptions.WebhookSecret(Optional.empty(), false);

        private DocumentWrite(CommandSpec spec, SecretLocation where, SecretsManagerWriter writer,
                              DocumentOptions document) {
            this.spec = spec;
            this.where = where;
            this.writer = writer;
            this.document = document;
        }

        /** The command's token: read before the document, as its stdin line comes before the webhook secret's. */
        Secret token(OperatorInput.TokenSource source, boolean fromStdin) {
            return input.token(spec, source, fromStdin);
        }

        /**
         * The document with {@code runnerToken}: reads the webhook secret and the credential sets, and refuses
         * protected-refs-only sets where the configuration forbids them (the runner would refuse to load them).
         */
        RunnerSecrets compose(Secret runnerToken) throws SecretDocumentException {
            webhook = document.webhookSecret(spec, input);
            RunnerSecrets secrets = new RunnerSecrets(runnerToken, webhook.secret(), document.credentialSets(spec, input));
            if (!config.protectedSets()) {
                NoProtectedSets.check(secrets, where.runnerName());
            }
            return secrets;
        }

        /** Whether {@code draft} could be stored, without storing it. */
        void check(RunnerSecrets draft) throws SecretStoreException {
            writer.check(draft);
        }

        /** Stores {@code secrets} and says what was stored: names only, except a webhook secret generated here. */
        void store(RunnerSecrets secrets) throws SecretStoreException {
            PutResult result = writer.put(secrets);
            SecretReport.stored(spec.commandLine().getOut(), result, where, secrets);
            if (webhook.generated()) {
                // the one place a secret value is printed: the operator must paste it into GitLab
                spec.commandLine().getOut().println("webhook secret (paste it into GitLab's job webhook as Secret"
                        + " token; it is not shown again): " + webhook.secret().orElseThrow().value());
            }
        }
    }
}
