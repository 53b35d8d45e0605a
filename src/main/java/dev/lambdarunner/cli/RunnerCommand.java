package dev.lambdarunner.cli;

import io.quarkus.picocli.runtime.annotations.TopCommand;
import picocli.CommandLine.Command;

/** The runner's command line: each subcommand is one task an operator does. */
@TopCommand
@Command(name = "lambda-runner", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "A GitLab CI runner that runs only Terraform, for jobs tagged lambda-terraform.",
        subcommands = {RunCommand.class, VerifyCommand.class, RegisterCommand.class, SecretsCommand.class,
                KeepaliveCommand.class, CheckCommand.class})
public class RunnerCommand {
}
