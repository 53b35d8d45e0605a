package dev.lambdarunner.terraform;

import dev.lambdarunner.sensitive.Secret;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The plan of gitlab-tofu commands, against the OpenTofu component's gitlab-tofu script. */
class GitLabTofuTest {

    private static final Path PROJECT = Path.of("/builds/job/project");
    private final Map<String, String> env = new HashMap<>(Map.of(
            "CI_API_V4_URL", "https://gitlab.example.com/api/v4", "CI_PROJECT_ID", "42", "CI_JOB_TOKEN", "glcbt-job"));

    @Test
    void defaultStateNameIsDefaultAndApplyAutoApprovesThePlan() {
        env.put("GITLAB_TOFU_ROOT_DIR", "infra");

        WrapperPlan plan = plan("apply");

        assertThat(plan.tool()).isEqualTo("tofu");
        assertThat(plan.environment()).containsEntry("TF_HTTP_ADDRESS",
                "https://gitlab.example.com/api/v4/projects/42/terraform/state/default")
                .containsEntry("TF_HTTP_USERNAME", "gitlab-ci-token").containsEntry("TF_VAR_ci_project_id", "42");
        assertThat(plan.steps()).extracting(WrapperPlan.Step::args).last().isEqualTo(List.of(
                "-chdir=/builds/job/project/infra", "apply", "-input=false", "-auto-approve",
                "/builds/job/project/infra/plan.cache"));
    }

    @Test
    void stateNamesAreUrlEncodedAndDeprecatedNamesWarn() {
        env.put("TF_STATE_NAME", "prod eu/1");

        WrapperPlan plan = plan("plan");

        assertThat(plan.environment().get("TF_HTTP_ADDRESS")).endsWith("/terraform/state/prod%20eu%2F1");
        assertThat(plan.notes()).singleElement().asString().contains("deprecated TF_STATE_NAME");
    }

    @Test
    void detailedExitCodeAndVarFileReachPlan() {
        env.put("GITLAB_TOFU_USE_DETAILED_EXITCODE", "true");
        env.put("GITLAB_TOFU_VAR_FILE", "prod.tfvars");
        env.put("GITLAB_TOFU_IMPLICIT_INIT", "false");

        assertThat(plan("plan").steps()).extracting(WrapperPlan.Step::args).containsExactly(List.of("plan",
                "-input=false", "-out=plan.cache", "--var-file=prod.tfvars", "-detailed-exitcode"));
    }

    @Test
    void autoEncryptionNeedsAPassphraseAndMigrationNeedsEncryption() {
        env.put("GITLAB_TOFU_AUTO_ENCRYPTION", "true");
        assertThatThrownBy(() -> plan("plan")).hasMessageContaining("a passphrase ($GITLAB_TOFU_AUTO_ENCRYPTION_PASSPHRASE)");

        env.put("GITLAB_TOFU_AUTO_ENCRYPTION", "false");
        env.put("GITLAB_TOFU_AUTO_ENCRYPTION_ENABLE_MIGRATION_FROM_UNENCRYPTED", "true");
        assertThatThrownBy(() -> plan("plan")).hasMessageContaining("must be enabled to enable migration");
    }

    @Test
    void autoEncryptionSetsTofuEncryptionAndMasksThePassphrase() {
        env.put("GITLAB_TOFU_AUTO_ENCRYPTION", "true");
        env.put("GITLAB_TOFU_AUTO_ENCRYPTION_PASSPHRASE", "correct \"horse\" battery");
        env.put("GITLAB_TOFU_AUTO_ENCRYPTION_ENABLE_MIGRATION_FROM_UNENCRYPTED", "true");

        WrapperPlan plan = plan("apply");

        assertThat(plan.environment().get("TF_ENCRYPTION"))
                .contains("key_provider \"pbkdf2\" \"gitlab_tofu_auto_encryption\"")
                .contains("passphrase = \"correct \\\"horse\\\" battery\"")
                .contains("state {\n  method = method.aes_gcm.gitlab_tofu_auto_encryption\n")
                .contains("plan {").contains("method = method.unencrypted.gitlab_tofu_auto_encryption_migrate");
        assertThat(plan.secrets()).extracting(Secret::value).contains("correct \"horse\" battery");
    }

    @Test
    void planWithJsonWritesTheReportAfterPlanAndDetailedExitCodeLetsItRun() {
        env.put("GITLAB_TOFU_PLAN_WITH_JSON", "true");
        env.put("GITLAB_TOFU_USE_DETAILED_EXITCODE", "true");
        env.put("GITLAB_TOFU_IMPLICIT_INIT", "no");

        List<WrapperPlan.Step> steps = plan("plan").steps();

        assertThat(steps).hasSize(2);
        assertThat(((WrapperPlan.Run) steps.get(0)).detailedExitCode()).isTrue();
        assertThat(steps.get(1)).isInstanceOf(WrapperPlan.PlanJson.class);
        assertThat(((WrapperPlan.PlanJson) steps.get(1)).report()).isEqualTo(Path.of("plan.json"));
    }

    private WrapperPlan plan(String... args) {
        return GitLabWrapper.plan(WrapperTool.TOFU, new WrapperRequest(List.of(args), List.of(args), env, PROJECT, PROJECT::resolve));
    }
}
