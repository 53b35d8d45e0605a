package dev.lambdarunner.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code secrets}: the runner's secret document in Secrets Manager, encrypted with KMS. */
@Command(name = "secrets", mixinStandardHelpOptions = true,
        description = "Store or inspect the runner's secret document (Secrets Manager, encrypted client-side with KMS).",
        subcommands = {PutSecretsCommand.class, ShowSecretsCommand.class})
public class SecretsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing command: put or show");
    }
}
