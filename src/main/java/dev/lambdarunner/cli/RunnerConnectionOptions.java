package dev.lambdarunner.cli;

import dev.lambdarunner.poller.RunnerFactory;
import dev.lambdarunner.secrets.SecretLocation;
import dev.lambdarunner.secrets.SecretStoreException;
import dev.lambdarunner.sensitive.Secret;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

import java.util.Optional;

/**
 * How {@code run} and {@code verify} reach GitLab as the runner: {@code --url} over {@code RUNNER_GITLAB_URL}, and
 * the runner token: the command's {@code --token} if it has one, else {@code runner.gitlab.token}
 * ({@code RUNNER_GITLAB_TOKEN}), else the runner's secret when {@code runner.secrets.secret-id} is set.
 */
final class RunnerConnectionOptions {

    @Mixin
    GitLabUrlOption url;

    /** The GitLab URL and runner token a command acts with. */
    record RunnerConnection(String url, Secret token) {
    }

    /** For a command without {@code --token}. */
    RunnerConnection resolve(CommandSpec spec, RunnerFactory factory) throws SecretStoreException {
        return resolve(spec, factory, null, "set RUNNER_GITLAB_TOKEN");
    }

    /** For a command with {@code --token}: {@code tokenOption} is its value, null when not given. */
    RunnerConnection resolve(CommandSpec spec, RunnerFactory factory, String tokenOption) throws SecretStoreException {
        return resolve(spec, factory, tokenOption, "pass --token or set RUNNER_GITLAB_TOKEN");
    }

    private RunnerConnection resolve(CommandSpec spec, RunnerFactory factory, String tokenOption, String howToSet)
            throws SecretStoreException {
        String gitlabUrl = url.resolve(spec, factory.config());
        return new RunnerConnection(gitlabUrl, token(spec, factory, tokenOption, howToSet));
    }

    private static Secret token(CommandSpec spec, RunnerFactory factory, String tokenOption, String howToSet)
            throws SecretStoreException {
        Optional<String> given = Optional.ofNullable(tokenOption).or(() -> factory.config().gitlab().token())
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
