package dev.lambdarunner.cli;

import dev.lambdarunner.config.RunnerConfig;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * {@code --url}, the GitLab instance, over the configuration (env {@code RUNNER_GITLAB_URL}): register's, and run's
 * and verify's through {@link RunnerConnectionOptions}.
 */
final class GitLabUrlOption {

    @Option(names = "--url", paramLabel = "URL", description = "GitLab URL (env RUNNER_GITLAB_URL).")
    String url;

    /** The URL to use, or a usage error of {@code spec}'s command that says how to give one. */
    String resolve(CommandSpec spec, RunnerConfig config) {
        return RequiredSetting.resolve(spec, url, config.gitlab().url(), "GitLab URL",
                "pass --url or set RUNNER_GITLAB_URL");
    }
}
