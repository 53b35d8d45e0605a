package dev.lambdarunner.terraform;

import java.util.EnumSet;
import java.util.Set;
import java.util.function.Function;

/**
 * The two wrappers a job script may call, and what sets them apart; {@link GitLabWrapper} plans a line of either.
 * Each has its own variables (prefix {@code TF_} or {@code GITLAB_TOFU_}: {@code INIT_FLAGS}, {@code IMPLICIT_INIT},
 * {@code INIT_NO_RECONFIGURE} and the plan files), its own way of reading state and root settings
 * ({@link TerraformVariables}, {@link TofuVariables}), and gitlab-tofu has the {@link Feature}s gitlab-terraform
 * lacks; everything else (the subcommands and their Terraform invocations) is shared.
 */
public enum WrapperTool {

    /** {@code gitlab-terraform} of gitlab-org/terraform-images (GitLab's Terraform templates). */
    TERRAFORM("gitlab-terraform", "terraform", "TF_", EnumSet.noneOf(Feature.class), TerraformVariables::read),
    /** {@code gitlab-tofu} of the OpenTofu CI/CD component (followed: 0.50.0). */
    TOFU("gitlab-tofu", "tofu", "GITLAB_TOFU_", EnumSet.allOf(Feature.class), TofuVariables::read);

    /** What gitlab-tofu does beyond gitlab-terraform; each reads its variable only where it is a feature. */
    enum Feature {
        /** {@code --var-file=${GITLAB_TOFU_VAR_FILE}} on init, plan, validate, test, graph and a plan-less apply. */
        VAR_FILE,
        /** {@code IGNORE_INIT_ERRORS=true}: a failing init does not stop the line. */
        IGNORABLE_INIT_ERRORS,
        /** {@code USE_DETAILED_EXITCODE}, {@code ALLOW_DEVELOPER_ROLE} ({@code -lock=false}), {@code PLAN_WITH_JSON}. */
        PLAN_OPTIONS,
        /** {@code apply -auto-approve}, and {@code APPLY_NO_PLAN=true} applies without the plan cache. */
        AUTO_APPROVED_APPLY,
        /** {@code test} (initialised like validate) and {@code graph} (initialised like plan). */
        TEST_AND_GRAPH
    }

    private final String command;
    private final String binary;
    private final String prefix;
    private final Set<Feature> features;
    private final Function<WrapperRequest, WrapperSetup> variables;

    WrapperTool(String command, String binary, String prefix, Set<Feature> features,
                Function<WrapperRequest, WrapperSetup> variables) {
        this.command = command;
        this.binary = binary;
        this.prefix = prefix;
        this.features = features;
        this.variables = variables;
    }

    /** The tool a script line names by its binary ({@code tofu} for gitlab-tofu, else gitlab-terraform). */
    public static WrapperTool forBinary(String binary) {
        return TOFU.binary.equals(binary) ? TOFU : TERRAFORM;
    }

    /** The wrapper's name in a script: {@code gitlab-terraform} or {@code gitlab-tofu}. */
    public String command() {
        return command;
    }

    /** The tool it runs: {@code terraform} or {@code tofu}. */
    public String binary() {
        return binary;
    }

    /** The name of the wrapper's own variable {@code name}, e.g. {@code INIT_FLAGS}: {@code TF_INIT_FLAGS}. */
    String variable(String name) {
        return prefix + name;
    }

    boolean has(Feature feature) {
        return features.contains(feature);
    }

    /** What the wrapper's variables say about state, root directory, plan files and environment. */
    WrapperSetup setup(WrapperRequest request) {
        return variables.apply(request);
    }
}
