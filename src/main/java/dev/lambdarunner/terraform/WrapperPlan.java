package dev.lambdarunner.terraform;

import dev.lambdarunner.sensitive.Secret;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What a {@code gitlab-terraform}/{@code gitlab-tofu} line comes to, decided before anything runs: the Terraform
 * invocations in order (the line stops at the first that fails, like the wrapper's {@code sh -e}), and the
 * environment they all get (the job's plus the wrapper's {@code TF_HTTP_*}, {@code TF_VAR_CI_*} and so on; like the
 * wrapper's own exports it does not outlive the line).
 *
 * @param tool        {@code terraform} or {@code tofu}
 * @param steps       what to run, in order
 * @param environment the complete environment of every step
 * @param secrets     values of that environment to mask in the job log (backend password, registry token)
 * @param notes       warnings the wrapper would print
 */
public record WrapperPlan(String tool, List<Step> steps, Map<String, String> environment, List<Secret> secrets,
                          List<String> notes) {

    public WrapperPlan {
        steps = List.copyOf(steps);
        environment = Map.copyOf(environment);
        secrets = List.copyOf(secrets);
        notes = List.copyOf(notes);
    }

    /**
     * Names the environment's variables, never their values ({@code TF_HTTP_PASSWORD} is the job token), as
     * {@code TerraformCall} and {@code SandboxSpec} do for the same environment further down.
     */
    @Override
    public String toString() {
        return "WrapperPlan[tool=%s, steps=%s, environment=%s, secrets=%d, notes=%s]"
                .formatted(tool, steps.stream().map(Step::display).toList(), new TreeSet<>(environment.keySet()),
                        secrets.size(), notes);
    }

    /** One invocation of the tool. */
    public sealed interface Step permits Run, PlanJson {
        /** The arguments after the binary. */
        List<String> args();

        /** The command line for the job log, with the script's variables unexpanded. */
        String display();
    }

    /**
     * Runs the tool with {@code args}.
     *
     * @param ignoreFailure whether a non-zero exit does not stop the line ({@code GITLAB_TOFU_IGNORE_INIT_ERRORS})
     * @param detailedExitCode whether exit 2 ({@code plan -detailed-exitcode}: changes present) lets the following
     *                         steps run and then ends the line with 2, as gitlab-tofu's plan does
     */
    public record Run(List<String> args, String display, boolean ignoreFailure, boolean detailedExitCode)
            implements Step {
        public Run {
            args = List.copyOf(args);
        }

        public Run(List<String> args, String display, boolean ignoreFailure) {
            this(args, display, ignoreFailure, false);
        }
    }

    /**
     * Runs {@code show -json <plan cache>} and writes the {@link PlanChanges} report to {@code report}.
     *
     * @param report the report file; relative paths are relative to the line's directory, as the wrapper's
     *               shell redirection is
     */
    public record PlanJson(List<String> args, String display, Path report) implements Step {
        public PlanJson {
            args = List.copyOf(args);
        }
    }
}
