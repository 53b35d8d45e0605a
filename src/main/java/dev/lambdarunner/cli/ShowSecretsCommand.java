package dev.lambdarunner.cli;

import dev.lambdarunner.config.RunnerConfig;
import dev.lambdarunner.secrets.SecretLocation;
import dev.lambdarunner.secrets.SecretStoreException;
import dev.lambdarunner.secrets.SecretsManagerAccess;
import dev.lambdarunner.secrets.StoredSecrets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code secrets show}: what the runner's secret document holds, by name; never a value. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = {"Print what the runner's secret document holds: the secret, key and runner it is bound to,"
                + " and the names and scopes of its entries. Never a value.",
                "Needs secretsmanager:GetSecretValue and kms:Decrypt on the key under the encryption context"
                        + " runner=NAME: usually only the function's role has that, not the operator who puts it."})
public class ShowSecretsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    SecretOptions location;

    private final SecretsManagerAccess access;
    private final RunnerConfig config;

    public ShowSecretsCommand(SecretsManagerAccess access, RunnerConfig config) {
        this.access = access;
        this.config = config;
    }

    @Override
    public Integer call() throws SecretStoreException {
        SecretLocation where = location.resolve(spec, config.secrets());
        StoredSecrets stored = access.reader(where).read();
        PrintWriter out = spec.commandLine().getOut();
        out.println("secret: " + stored.secretArn() + " (version " + stored.versionId() + ")");
        out.println("kms key: " + stored.keyId());
        out.println("runner: " + stored.runner());
        SecretReport.contents(out, stored.secrets());
        return ExitCodes.OK;
    }
}
