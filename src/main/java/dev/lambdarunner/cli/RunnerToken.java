package dev.lambdarunner.cli;

import dev.lambdarunner.poller.RunnerFactory;
import dev.lambdarunner.secrets.SecretLocation;
import dev.lambdarunner.secrets.SecretStoreException;
import dev.lambdarunner.sensitive.Secret;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

import java.util.Optional;

/**
 * The runner token of {@code run} and {@code verify}: the option, else {@code runner.gitlab.token}
 * ({@code RUNNER_GITLAB_TOKEN}), else the runner's secret when {@code runner.secrets.secret-id} is set.
 */
final class RunnerToken {

    private RunnerToken() {
    }

    /** @param howToSet e.g. {@code "pass --token, set RUNNER_GITLAB_TOKEN"} */
    static Secret resolve(CommandSpec spec, String fromOption, RunnerFactory factory, String howToSet)
            throws SecretStoreException {
        Optional<String> given = Optional.ofNullable(fromOption).or(() -> factory.config().gitlab().token())
                .filter(t -> !t.isBlank());
        if (given.isPresent()) {
            return Secret.of(given.get());
        }
        if (SecretLocation.configured(factory.config().secrets()).isPresent()) {
            return factory.secrets().runnerToken();
        }
        throw new ParameterException(spec.commandLine(), "missing runner token: " + howToSet
                + ", or set RUNNER_SECRETS_SECRET_ID to read it from the runner's secret");
    }
}
