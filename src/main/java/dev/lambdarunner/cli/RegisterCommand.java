package dev.lambdarunner.cli;

import dev.lambdarunner.config.RunnerConfig;
import dev.lambdarunner.gitlab.GitLabApiException;
import dev.lambdarunner.gitlab.HttpRunnerRegistration;
import dev.lambdarunner.gitlab.NewRunner;
import dev.lambdarunner.gitlab.RegistrationResult;
import dev.lambdarunner.gitlab.RunnerInfo;
import dev.lambdarunner.secrets.NoProtectedSets;
import dev.lambdarunner.secrets.PutResult;
import dev.lambdarunner.secrets.RunnerSecrets;
import dev.lambdarunner.sensitive.Secret;
import dev.lambdarunner.secrets.SecretLocation;
import dev.lambdarunner.secrets.SecretStoreException;
import dev.lambdarunner.secrets.SecretsManagerAccess;
import dev.lambdarunner.secrets.SecretsManagerWriter;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.net.URI;
import java.util.Optional;
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
    /** GitLab refuses a maximum timeout under 10 minutes; a Lambda invocation ends at 15. */
    static final int MIN_TIMEOUT = 600;
    static final int MAX_TIMEOUT = 840;

    @Spec
    CommandSpec spec;

    @Mixin
    GitLabUrlOption url;

    @ArgGroup(exclusive = true, multiplicity = "0..1", heading = "Where the runner belongs (one of):%n")
    Scope scope;

    static final class Scope {
        @Option(names = "--project-id", paramLabel = "ID", description = "A project runner of project ID.")
        Long projectId;
        @Option(names = "--group-id", paramLabel = "ID", description = "A group runner of group ID.")
        Long groupId;
        @Option(names = "--instance", description = "An instance runner (needs an administrator's token).")
        boolean instance;
    }

    @Option(names = "--description", paramLabel = "TEXT", description = "Runner description (default: lambda-terraform runner <runner name>).")
    String description;

    @Option(names = "--access-level", paramLabel = "LEVEL", defaultValue = "not_protected",
            description = "not_protected (default, the plan runner) or ref_protected: only jobs on protected branches and tags"
                    + " (the apply runner, and any runner whose credentials can apply).")
    String accessLevel;

    @Option(names = "--tag", paramLabel = "TAG", defaultValue = NewRunner.TAG,
            description = "The one tag of the jobs it takes: " + NewRunner.TAG + " (default, the plan runner) or "
                    + NewRunner.APPLY_TAG + " (the apply runner; needs --access-level ref_protected).")
    String tag;

    @Option(names = "--maximum-timeout", paramLabel = "SECONDS", defaultValue = "720",
            description = "Longest job GitLab hands this runner, " + MIN_TIMEOUT + "-" + MAX_TIMEOUT
                    + " s (default 720, what the function's default RUNNER_MAX_JOB_TIMEOUT PT12M runs): GitLab's"
                    + " minimum is 600, and a Lambda invocation ends at 900.")
    int maximumTimeout;

    @Option(names = "--access-token-stdin",
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

    private final SecretsManagerAccess access;
    private final RunnerConfig config;
    private final OperatorInput input;

    public RegisterCommand(SecretsManagerAccess access, RunnerConfig config, OperatorInput input) {
        this.access = access;
        this.config = config;
        this.input = input;
    }

    @Override
    public Integer call() throws SecretStoreException {
        String gitlabUrl = url.resolve(spec, config);
        NewRunner runner = newRunner();
        SecretLocation where = location.resolve(spec, config.secrets());
        SecretsManagerWriter writer = PutSecretsCommand.writer(spec, access, where);
        String token = credential();
        DocumentOptions.WebhookSecret webhook = document.webhookSecret(spec, input);
        RunnerSecrets draft = new RunnerSecrets(Secret.of("glrt-placeholder"), webhook.secret(),
                document.credentialSets(spec, input));
        if (!config.secrets().protectedSets()) {
            NoProtectedSets.check(draft, where.runnerName());
        }
        writer.check(draft); // before GitLab creates anything
        HttpRunnerRegistration gitlab = new HttpRunnerRegistration(URI.create(gitlabUrl),
                RunnerInfo.current(VersionProvider.version()), config.gitlab().callTimeout());
        RegistrationResult result;
        try {
            result = legacy ? gitlab.registerLegacy(runner, token) : gitlab.createRunner(runner, token);
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
                + describe(runner) + ")");
        return store(writer, where, draft, webhook, result);
    }

    /** Stores the new runner's token with the rest of the document; says which runner to delete if that fails. */
    private int store(SecretsManagerWriter writer, SecretLocation where, RunnerSecrets draft,
                      DocumentOptions.WebhookSecret webhook, RegistrationResult created) {
        long id = created.runnerId().orElseThrow();
        RunnerSecrets secrets = new RunnerSecrets(created.token().orElseThrow(), draft.webhookSecret(),
                draft.credentialSets());
        PutResult stored;
        try {
            stored = writer.put(secrets);
        } catch (SecretStoreException e) {
            spec.commandLine().getErr().println("error: GitLab created runner " + id + ", but storing its token failed: "
                    + e.getMessage() + "; delete runner " + id + " in GitLab (Settings > CI/CD > Runners) and register again");
            return ExitCodes.RUNNER_NOT_STORED;
        }
        SecretReport.stored(spec.commandLine().getOut(), stored, where, secrets);
        if (webhook.generated()) {
            PutSecretsCommand.printGenerated(spec, webhook);
        }
        return ExitCodes.OK;
    }

    private NewRunner newRunner() {
        if (maximumTimeout < MIN_TIMEOUT || maximumTimeout > MAX_TIMEOUT) {
            throw new ParameterException(spec.commandLine(), "--maximum-timeout must be " + MIN_TIMEOUT + "-"
                    + MAX_TIMEOUT + " seconds, was " + maximumTimeout + ": GitLab refuses less than 600, and a job"
                    + " must end within the Lambda invocation's 900 seconds");
        }
        if (!accessLevel.equals("not_protected") && !accessLevel.equals(NewRunner.REF_PROTECTED)) {
            throw new ParameterException(spec.commandLine(), "--access-level must be not_protected or ref_protected, not '"
                    + accessLevel + "'");
        }
        if (tag.equals(NewRunner.APPLY_TAG) && !accessLevel.equals(NewRunner.REF_PROTECTED)) {
            throw new ParameterException(spec.commandLine(), "--tag " + NewRunner.APPLY_TAG + " needs --access-level "
                    + NewRunner.REF_PROTECTED + ": the apply runner must never get jobs of unprotected refs");
        }
        String text = Optional.ofNullable(description).orElse("lambda-terraform runner "
                + Optional.ofNullable(location.runnerName).orElse(config.secrets().runnerName()));
        if (legacy) {
            if (scope != null) {
                throw new ParameterException(spec.commandLine(), "--legacy-registration-token takes no --project-id,"
                        + " --group-id or --instance: the registration token decides where the runner belongs");
            }
            return newRunner(NewRunner.Type.PROJECT, Optional.empty(), text);
        }
        if (scope == null) {
            throw new ParameterException(spec.commandLine(), "missing where the runner belongs: pass --project-id,"
                    + " --group-id or --instance");
        }
        NewRunner.Type type = scope.projectId != null ? NewRunner.Type.PROJECT
                : scope.groupId != null ? NewRunner.Type.GROUP : NewRunner.Type.INSTANCE;
        return newRunner(type, Optional.ofNullable(scope.projectId != null ? scope.projectId : scope.groupId), text);
    }

    private NewRunner newRunner(NewRunner.Type type, Optional<Long> scopeId, String text) {
        try {
            return new NewRunner(type, scopeId, text, tag, accessLevel, maximumTimeout);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--tag: " + e.getMessage());
        }
    }

    private String credential() {
        String env = legacy ? REGISTRATION_TOKEN_ENV : ACCESS_TOKEN_ENV;
        String what = legacy ? "registration token" : "access token";
        if (legacy) {
            spec.commandLine().getErr().println("warning: registration tokens are deprecated and GitLab is removing"
                    + " them; create the runner with an access token (without --legacy-registration-token) instead");
        }
        if (tokenFromStdin) {
            return input.readLine(spec, what);
        }
        return input.env(env).orElseThrow(() -> new ParameterException(spec.commandLine(), "missing " + what
                + ": set " + env + " or pass --access-token-stdin and write it to stdin"));
    }

    private static String describe(NewRunner runner) {
        return runner.type().wireName() + runner.scopeId().map(id -> " " + id).orElse("") + ", tag " + runner.tag()
                + ", locked, run_untagged=false, access_level=" + runner.accessLevel() + ", maximum_timeout="
                + runner.maximumTimeout() + "s";
    }
}
