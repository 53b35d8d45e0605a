package dev.lambdarunner.cli;

import dev.lambdarunner.config.RunnerConfig;
import dev.lambdarunner.secrets.NoProtectedSets;
import dev.lambdarunner.secrets.PutResult;
import dev.lambdarunner.secrets.RunnerSecrets;
import dev.lambdarunner.sensitive.Secret;
import dev.lambdarunner.secrets.SecretLocation;
import dev.lambdarunner.secrets.SecretStoreException;
import dev.lambdarunner.secrets.SecretsManagerAccess;
import dev.lambdarunner.secrets.SecretsManagerWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
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

    @Spec
    CommandSpec spec;

    @Mixin
    SecretOptions location;

    @Option(names = "--runner-token-stdin",
            description = "Read the runner token (glrt-...) from the first line of stdin instead of env " + TOKEN_ENV + ".")
    boolean tokenFromStdin;

    @Mixin
    DocumentOptions document;

    private final SecretsManagerAccess access;
    private final RunnerConfig config;
    private final OperatorInput input;

    public PutSecretsCommand(SecretsManagerAccess access, RunnerConfig config, OperatorInput input) {
        this.access = access;
        this.config = config;
        this.input = input;
    }

    @Override
    public Integer call() throws SecretStoreException {
        SecretLocation where = location.resolve(spec, config.secrets());
        SecretsManagerWriter writer = writer(spec, access, where);
        Secret token = Secret.of(tokenFromStdin ? input.readLine(spec, "runner token")
                : input.env(TOKEN_ENV).orElseThrow(() -> new ParameterException(spec.commandLine(),
                "missing runner token: set " + TOKEN_ENV + " or pass --runner-token-stdin and write it to stdin")));
        DocumentOptions.WebhookSecret webhook = document.webhookSecret(spec, input);
        RunnerSecrets secrets = new RunnerSecrets(token, webhook.secret(), document.credentialSets(spec, input));
        if (!config.secrets().protectedSets()) {
            NoProtectedSets.check(secrets, where.runnerName());
        }
        PutResult result = writer.put(secrets);
        SecretReport.stored(spec.commandLine().getOut(), result, where, secrets);
        if (webhook.generated()) {
            printGenerated(spec, webhook);
        }
        return ExitCodes.OK;
    }

    static SecretsManagerWriter writer(CommandSpec spec, SecretsManagerAccess access, SecretLocation where) {
        try {
            return access.writer(where);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** The one place a secret value is printed: the operator must paste it into GitLab. */
    static void printGenerated(CommandSpec spec, DocumentOptions.WebhookSecret webhook) {
        spec.commandLine().getOut().println("webhook secret (paste it into GitLab's job webhook as Secret token;"
                + " it is not shown again): " + webhook.secret().orElseThrow().value());
    }
}
