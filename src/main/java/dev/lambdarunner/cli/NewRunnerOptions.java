package dev.lambdarunner.cli;

import dev.lambdarunner.gitlab.NewRunner;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import java.util.Optional;

/**
 * {@code register}'s settings of the runner GitLab creates, refused here when GitLab or Lambda would refuse them, so
 * that nothing is created with them.
 */
final class NewRunnerOptions {

    /** GitLab refuses a maximum timeout under 10 minutes; a Lambda invocation ends at 15. */
    static final int MIN_TIMEOUT = 600;
    static final int MAX_TIMEOUT = 840;

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

    /**
     * The runner to create, or a usage error of {@code spec}'s command.
     *
     * @param legacy     whether a registration token decides where the runner belongs (then no scope is given)
     * @param runnerName the runner's name in its secret, for the default description
     */
    NewRunner newRunner(CommandSpec spec, boolean legacy, String runnerName) {
        checkLimits(spec);
        String text = Optional.ofNullable(description).orElse("lambda-terraform runner " + runnerName);
        if (legacy) {
            if (scope != null) {
                throw new ParameterException(spec.commandLine(), "--legacy-registration-token takes no --project-id,"
                        + " --group-id or --instance: the registration token decides where the runner belongs");
            }
            return newRunner(spec, NewRunner.Type.PROJECT, Optional.empty(), text);
        }
        if (scope == null) {
            throw new ParameterException(spec.commandLine(), "missing where the runner belongs: pass --project-id,"
                    + " --group-id or --instance");
        }
        NewRunner.Type type = scope.projectId != null ? NewRunner.Type.PROJECT
                : scope.groupId != null ? NewRunner.Type.GROUP : NewRunner.Type.INSTANCE;
        return newRunner(spec, type, Optional.ofNullable(scope.projectId != null ? scope.projectId : scope.groupId), text);
    }

    private void checkLimits(CommandSpec spec) {
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
    }

    private NewRunner newRunner(CommandSpec spec, NewRunner.Type type, Optional<Long> scopeId, String text) {
        try {
            return new NewRunner(type, scopeId, text, tag, accessLevel, maximumTimeout);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--tag: " + e.getMessage());
        }
    }

    /** The created runner in one line, as the operator will find it in GitLab's settings. */
    static String describe(NewRunner runner) {
        return runner.type().wireName() + runner.scopeId().map(id -> " " + id).orElse("") + ", tag " + runner.tag()
                + ", locked, run_untagged=false, access_level=" + runner.accessLevel() + ", maximum_timeout="
                + runner.maximumTimeout() + "s";
    }
}
