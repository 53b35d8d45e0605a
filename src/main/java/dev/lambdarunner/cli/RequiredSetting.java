package dev.lambdarunner.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

import java.util.Optional;

/**
 * A setting every command needs: its CLI option if given, else the configuration (which also covers its
 * env form), else a usage error that says how to set it.
 */
final class RequiredSetting {

    private RequiredSetting() {
    }

    /** @param howToSet e.g. {@code "pass --url or set RUNNER_GITLAB_URL"} */
    static String resolve(CommandSpec spec, String fromOption, Optional<String> fromConfig, String what,
                          String howToSet) {
        return Optional.ofNullable(fromOption).or(() -> fromConfig).filter(v -> !v.isBlank())
                .orElseThrow(() -> new ParameterException(spec.commandLine(), "missing " + what + ": " + howToSet));
    }
}
