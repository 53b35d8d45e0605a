package dev.lambdarunner.cli;

import dev.lambdarunner.secrets.SecretStoreException;
import dev.lambdarunner.sensitive.Secret;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code secrets put}: builds the secret document, encrypts it with KMS and stores it in Secrets Manager. */
@Command(name = "put", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Build the runner's secret document, encrypt it with KMS (kms:Encrypt only) and store it in"
                + " Secrets Manager, creating the secret if needed (secretsmanager:DescribeSecret, CreateSecret,"
                + " PutSecretValue).",
                "Every put REPLACES THE WHOLE DOCUMENT: put cannot read the stored one (that needs kms:Decrypt),"
                        + " so give every credential set each time.",
                "Values never come from argv: the runner token from env RUNNER_GITLAB_TOKEN or stdin, credential"
                        + " set values from this command's environment."})
public class PutSecretsCommand implements Callable<Integer> {

    static final String TOKEN_ENV = "RUNNER_GITLAB_TOKEN";
    static final OperatorInput.TokenSource RUNNER_TOKEN =
            new OperatorInput.TokenSource("runner token", TOKEN_ENV, "--runner-token-stdin");

    @Spec
    CommandSpec spec;

    @Mixin
    SecretOptions location;

    @Option(names = "--runner-token-stdin",
            description = "Read the runner token (glrt-...) from the first line of stdin instead of env " + TOKEN_ENV + ".")
    boolean tokenFromStdin;

    @Mixin
    DocumentOptions document;

    private final SecretDocumentWriter documents;

    public PutSecretsCommand(SecretDocumentWriter documents) {
        this.documents = documents;
    }

    @Override
    public Integer call() throws SecretStoreException {
        SecretDocumentWriter.DocumentWrite write = documents.open(spec, location, document);
        Secret token = write.token(RUNNER_TOKEN, tokenFromStdin);
        write.store(write.compose(token));
        return ExitCodes.OK;
    }
}
