package dev.lambdarunner.cli;

import dev.lambdarunner.config.RunnerConfig;
import dev.lambdarunner.gitlab.VerifyResult;
import dev.lambdarunner.poller.RunnerFactory;
import dev.lambdarunner.secrets.SecretStoreException;
import dev.lambdarunner.sensitive.Secret;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code verify}: asks GitLab whether the runner token is valid, and says clearly what is wrong if not. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Check the runner token against GitLab (POST /api/v4/runners/verify).")
public class VerifyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    GitLabUrlOption url;

    private final RunnerFactory factory;

    public VerifyCommand(RunnerFactory factory) {
        this.factory = factory;
    }

    @Override
    public Integer call() throws SecretStoreException {
        RunnerConfig config = factory.config();
        String gitlabUrl = url.resolve(spec, config);
        Secret token = RunnerToken.resolve(spec, null, factory, "set RUNNER_GITLAB_TOKEN");
        VerifyResult result = factory.api(gitlabUrl, token, config.workDir()).verifyRunner();
        switch (result.state()) {
            case VALID -> {
                spec.commandLine().getOut().println("runner token is valid (runner id "
                        + result.runnerId().map(String::valueOf).orElse("unknown") + ", expires "
                        + result.tokenExpiresAt().orElse("never") + ")");
                return ExitCodes.OK;
            }
            case INVALID -> spec.commandLine().getErr().println("error: GitLab rejected the runner token ("
                    + result.httpStatus() + " on POST /api/v4/runners/verify): it is invalid, expired, or its runner was deleted");
            default -> spec.commandLine().getErr().println("error: POST /api/v4/runners/verify answered "
                    + result.httpStatus() + ": GitLab could not verify the token");
        }
        return ExitCodes.RUNNER_ERROR;
    }
}
