package dev.lambdarunner.cli;

import dev.lambdarunner.config.RunnerConfig;
import dev.lambdarunner.secrets.SecretLocation;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

import java.util.Optional;

/** Which secret a command works on: options over configuration (and its env form). */
final class SecretOptions {

    @Option(names = "--secret-id", paramLabel = "ID",
            description = "Secrets Manager secret name or ARN (env RUNNER_SECRETS_SECRET_ID).")
    String secretId;

    @Option(names = "--kms-key-id", paramLabel = "KEY",
            description = "KMS key id, ARN or alias the document is encrypted with (env RUNNER_SECRETS_KMS_KEY_ID).")
    String kmsKeyId;

    @Option(names = "--runner-name", paramLabel = "NAME",
            description = "The runner's name in the KMS encryption context runner=NAME (env RUNNER_SECRETS_RUNNER_NAME, default lambda-terraform).")
    String runnerName;

    SecretLocation resolve(CommandSpec spec, RunnerConfig.Secrets config) {
        String id = RequiredSetting.resolve(spec, secretId, config.secretId(), "secret id",
                "pass --secret-id or set RUNNER_SECRETS_SECRET_ID");
        Optional<String> key = Optional.ofNullable(kmsKeyId).or(config::kmsKeyId);
        return new SecretLocation(id, key, runnerName(config));
    }

    /** The runner's name: the option over the configuration, which always has one. */
    String runnerName(RunnerConfig.Secrets config) {
        return Optional.ofNullable(runnerName).orElse(config.runnerName());
    }
}
