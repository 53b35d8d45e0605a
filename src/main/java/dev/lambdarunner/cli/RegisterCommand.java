package dev.lambdarunner.cli;

import dev.lambdarunner.config.RunnerConfig;
import dev.lambdarunner.gitlab.GitLabApiException;
import dev.lambdarunner.gitlab.HttpRunnerRegistration;
import dev.lambdarunner.gitlab.NewRunner;
import dev.lambdarunner.gitlab.RegistrationResult;
import dev.lambdarunner.gitlab.RunnerInfo;
import dev.lambdarunner.secrets.RunnerSecrets;
import dev.lambdarunner.secrets.SecretStoreException;
import dev.lambdarunner.sensitive.Secret;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.net.URI;
import java.util.concurrent.Callable;

/**
 * {@code register}: creates the runner in GitLab and stores its token in the runner's secret, checking first
 * everything that would make storing fail, so that GitLab rarely holds a runner nobody has the token of.
 */
@Command(name = "register", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Create the runner in GitLab (POST /api/v4/user/runners, one tag, run_untagged=false, locked) and"
                + " store its glrt- token in the runner's secret, like 'secrets put'.",
                "The access token (personal, group or project access token with scope create_runner) comes from env "
                        + RegisterCommand.ACCESS_TOKEN_ENV + " or stdin, never from argv."})
public class RegisterCommand implements Callable<Integer> {

    static final String ACCESS_TOKEN_ENV = "GITLAB_TOKEN";
    static final String REGISTRATION_TOKEN_ENV = "GITLAB_REGISTRATION_TOKEN";
    private static final String TOKEN_STDIN = "--access-token-stdin";
    private static final OperatorInput.TokenSource ACCESS_TOKEN =
            new OperatorInput.TokenSource("access token", ACCESS_TOKEN_ENV, TOKEN_STDIN);
    private static final OperatorInput.TokenSource REGISTRATION_TOKEN =
            new OperatorInput.TokenSource("registration token", REGISTRATION_TOKEN_ENV, TOKEN_STDIN);

    @Spec
    CommandSpec spec;

    @Mixin
    GitLabUrlOption url;

    @Mixin
    NewRunnerOptions settings;

    @Option(names = TOKEN_STDIN,
            description = "Read the access token (or, with --legacy-registration-token, the registration token) from the first line of stdin.")
    boolean tokenFromStdin;

    @Option(names = "--legacy-registration-token",
            description = "DEPRECATED: register with a registration token (env " + REGISTRATION_TOKEN_ENV
                    + " or stdin) through POST /api/v4/runners. GitLab is removing this flow.")
    boolean legacy;

    @Mixin
    SecretOptions location;

    @Mixin
    DocumentOptions document;

    private final SecretDocumentWriter documents;
    private final RunnerConfig config;

    public RegisterCommand(SecretDocumentWriter documents, RunnerConfig config) {
        this.documents = documents;
        this.config = config;
    }

    @Override
    public Integer call() throws SecretStoreException {
        String gitlabUrl = url.resolve(spec, config);
        NewRunner runner = settings.newRunner(spec, legacy, location.runnerName(config.secrets()));
        SecretDocumentWriter.DocumentWrite write = documents.open(spec, location, document);
        Secret token = credential(write);
        RunnerSecrets draft = write.compose(Secret.of("glrt-placeholder"));
        write.check(draft); // before GitLab creates anything
        RegistrationResult result;
        try {
            result = create(gitlabUrl, runner, token);
        } catch (GitLabApiException e) {
            spec.commandLine().getErr().println("error: creating the runner: " + e.getMessage() + "; nothing was"
                    + " stored (if the request reached GitLab, look for a new runner that never contacted it and delete it)");
            return ExitCodes.RUNNER_ERROR;
        }
        if (!result.created()) {
            spec.commandLine().getErr().println("error: " + RegistrationRefusal.explain(result, legacy));
            return ExitCodes.GITLAB_REFUSED;
        }
        spec.commandLine().getOut().println("created runner " + result.runnerId().orElseThrow() + " in GitLab ("
                + NewRunnerOptions.describe(runner) + ")");
        return store(write, draft, result);
    }

    private RegistrationResult create(String gitlabUrl, NewRunner runner, Secret token) throws GitLabApiException {
        HttpRunnerRegistration gitlab = new HttpRunnerRegistration(URI.create(gitlabUrl),
                RunnerInfo.current(VersionProvider.version()), config.gitlab().callTimeout());
        return legacy ? gitlab.registerLegacy(runner, token) : gitlab.createRunner(runner, token);
    }

    /** Stores the new runner's token with the rest of the document; says which runner to delete if that fails. */
    private int store(SecretDocumentWriter.DocumentWrite write, RunnerSecrets draft, RegistrationResult created) {
        long id = created.runnerId().orElseThrow();
        try {
            write.store(new RunnerSecrets(created.token().orElseThrow(), draft.webhookSecret(), draft.credentialSets()));
        } catch (SecretStoreException e) {
            spec.commandLine().getErr().println("error: GitLab created runner " + id + ", but storing its token failed: "
                    + e.getMessage() + "; delete runner " + id + " in GitLab (Settings > CI/CD > Runners) and register again");
            return ExitCodes.RUNNER_NOT_STORED;
        }
        return ExitCodes.OK;
    }

    private Secret credential(SecretDocumentWriter.DocumentWrite write) {
        if (legacy) {
            spec.commandLine().getErr().println("warning: registration tokens are deprecated and GitLab is removing"
                    + " them; create the runner with an access token (without --legacy-registration-token) instead");
        }
        return write.token(legacy ? REGISTRATION_TOKEN : ACCESS_TOKEN, tokenFromStdin);
    }
}
