package dev.lambdarunner.secrets;

import dev.lambdarunner.config.RunnerConfig;

import java.util.Objects;
import java.util.Optional;

/**
 * Where one runner's secret document lives and how it is bound to the runner.
 *
 * @param secretId   name or ARN of the Secrets Manager secret
 * @param kmsKeyId   the KMS key (id, ARN or alias): required to write; when set, reading insists on it too
 * @param runnerName the {@code runner} value of the KMS encryption context
 */
public record SecretLocation(String secretId, Optional<String> kmsKeyId, String runnerName) {

    public SecretLocation {
        if (secretId == null || secretId.isBlank()) {
            throw new IllegalArgumentException("secret location needs a secret id");
        }
        if (runnerName == null || runnerName.isBlank()) {
            throw new IllegalArgumentException("secret location needs a runner name (runner.secrets.runner-name)");
        }
        kmsKeyId = Objects.requireNonNull(kmsKeyId, "kmsKeyId").filter(k -> !k.isBlank());
    }

    /** The configured location, or empty when {@code runner.secrets.secret-id} is not set. */
    public static Optional<SecretLocation> configured(RunnerConfig.Secrets config) {
        return config.secretId().filter(id -> !id.isBlank())
                .map(id -> new SecretLocation(id, config.kmsKeyId(), config.runnerName()));
    }
}
