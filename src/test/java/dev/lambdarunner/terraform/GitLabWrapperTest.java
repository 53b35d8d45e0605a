package dev.lambdarunner.terraform;

import dev.lambdarunner.sensitive.Secret;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.lambdarunner.terraform.WrapperTool.TERRAFORM;
import static dev.lambdarunner.terraform.WrapperTool.TOFU;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The plan of each wrapper command, against GitLab's gitlab-terraform.sh and the OpenTofu component's gitlab-tofu:
 * what both do alike for each tool (its variables under its own prefix), then what each does on its own.
 */
class GitLabWrapperTest {

    private static final Path PROJECT = Path.of("/builds/job/project");
    private final Map<String, String> env = new HashMap<>(Map.of(
            "CI_API_V4_URL", "https://gitlab.example.com/api/v4", "CI_PROJECT_ID", "42", "CI_JOB_TOKEN", "glcbt-job",
            "CI_JOB_ID", "7", "GITLAB_USER_LOGIN", "alice", "CI_SERVER_PROTOCOL", "https",
            "CI_SERVER_HOST", "git-lab.example.com", "CI_PROJECT_DIR", PROJECT.toString()));

    @ParameterizedTest
    @EnumSource(WrapperTool.class)
    void eachCommandAsTheWrapperRunsIt(WrapperTool tool) {
        env.put(tool.variable("INIT_FLAGS"), "-upgrade  -backend-config=x.hcl");
        assertThat(args(plan(tool, "init", "-get=false"))).containsExactly(
                List.of("init", "-get=false", "-input=false", "-reconfigure", "-upgrade", "-backend-config=x.hcl"));
        env.remove(tool.variable("INIT_FLAGS"));
        assertThat(args(plan(tool, "validate"))).containsExactly(List.of("init", "-backend=false", "-input=false",
                "-reconfigure"), List.of("validate"));
        assertThat(args(plan(tool, "fmt"))).containsExactly(List.of("fmt", "-check", "-diff", "-recursive"));
        assertThat(args(plan(tool, "destroy"))).last().isEqualTo(List.of("destroy", "-auto-approve"));
        assertThat(args(plan(tool, "output", "-json"))).containsExactly(List.of("output", "-json"));
        assertThat(args(plan(tool, "--", "plan"))).containsExactly(List.of("plan"));
        WrapperPlan json = plan(tool, "plan-json");
        assertThat(json.tool()).isEqualTo(tool.binary());
        assertThat(json.steps()).singleElement().isInstanceOfSatisfying(WrapperPlan.PlanJson.class, step -> {
            assertThat(step.args()).containsExactly("show", "-json", "plan.cache");
            assertThat(step.report()).isEqualTo(Path.of("plan.json"));
        });
    }

    @ParameterizedTest
    @EnumSource(WrapperTool.class)
    void implicitInitAndReconfigureCanBeTurnedOff(WrapperTool tool) {
        env.put(tool.variable("IMPLICIT_INIT"), "false");
        assertThat(args(plan(tool, "plan"))).containsExactly(List.of("plan", "-input=false", "-out=plan.cache"));
        env.put(tool.variable("INIT_NO_RECONFIGURE"), "true");
        assertThat(args(plan(tool, "init"))).containsExactly(List.of("init", "-input=false"));
    }

    @ParameterizedTest
    @EnumSource(WrapperTool.class)
    void implicitInitRunsOnlyForTrueAsTheWrapperExecutesTheValue(WrapperTool tool) {
        env.put(tool.variable("IMPLICIT_INIT"), "no");
        assertThat(args(plan(tool, "plan"))).containsExactly(List.of("plan", "-input=false", "-out=plan.cache"));
        env.put(tool.variable("IMPLICIT_INIT"), "true");
        assertThat(args(plan(tool, "plan"))).hasSize(2);
    }

    @ParameterizedTest
    @EnumSource(WrapperTool.class)
    void theLogShowsTheScriptsArgumentsUnexpanded(WrapperTool tool) {
        String flags = tool.variable("INIT_FLAGS");
        env.put(flags, "-backend-config=password=hunter2 -upgrade");
        WrapperRequest request = new WrapperRequest(List.of("plan", "-var=token=s3cret"),
                List.of("plan", "-var=token=${TOKEN}"), env, PROJECT, Path::of);

        WrapperPlan plan = GitLabWrapper.plan(tool, request);

        assertThat(plan.steps()).extracting(WrapperPlan.Step::display).containsExactly(
                tool.binary() + " init -input=false -reconfigure ${" + flags + "}",
                tool.binary() + " plan -var=token=${TOKEN} -input=false -out=plan.cache");
    }

    @ParameterizedTest
    @CsvSource({"TERRAFORM, TF_ROOT", "TOFU, GITLAB_TOFU_ROOT_DIR"})
    void aRootOutsideTheProjectIsRefused(WrapperTool tool, String root) {
        env.put(root, "/etc");
        WrapperRequest request = new WrapperRequest(List.of("plan"), List.of("plan"), env, PROJECT, dir -> {
            throw new IllegalArgumentException("root directory '" + dir + "': outside the project directory");
        });

        assertThatThrownBy(() -> GitLabWrapper.plan(tool, request))
                .hasMessageContaining("outside the project directory");
    }

    @ParameterizedTest
    @EnumSource(WrapperTool.class)
    void aLineWithoutACommandIsRefused(WrapperTool tool) {
        assertThatThrownBy(() -> plan(tool)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(tool.command() + " needs a command (init, plan, plan-json, apply, ...)");
    }

    @ParameterizedTest
    @CsvSource({"TERRAFORM, apply -input=false plan.cache", "TOFU, apply -input=false -auto-approve plan.cache"})
    void applyAppliesThePlanCache(WrapperTool tool, String apply) {
        assertThat(args(plan(tool, "apply"))).last().isEqualTo(List.of(apply.split(" ")));
    }

    /** gitlab-terraform.sh of gitlab-org/terraform-images. */
    @Nested
    class GitLabTerraform {

        @Test
        void planInitsThenPlansIntoTheCacheOnManagedState() {
            env.put("TF_STATE_NAME", "prod");
            env.put("TF_ROOT", "infra");

            WrapperPlan plan = plan(TERRAFORM, "plan", "-var=x=1");

            assertThat(args(plan)).containsExactly(
                    List.of("-chdir=/builds/job/project/infra", "init", "-input=false", "-reconfigure"),
                    List.of("-chdir=/builds/job/project/infra", "plan", "-var=x=1", "-input=false",
                            "-out=/builds/job/project/infra/plan.cache"));
            String address = "https://gitlab.example.com/api/v4/projects/42/terraform/state/prod";
            assertThat(plan.environment()).containsEntry("TF_HTTP_ADDRESS", address)
                    .containsEntry("TF_HTTP_LOCK_ADDRESS", address + "/lock")
                    .containsEntry("TF_HTTP_UNLOCK_ADDRESS", address + "/lock")
                    .containsEntry("TF_HTTP_LOCK_METHOD", "POST").containsEntry("TF_HTTP_UNLOCK_METHOD", "DELETE")
                    .containsEntry("TF_HTTP_USERNAME", "gitlab-ci-token").containsEntry("TF_HTTP_PASSWORD", "glcbt-job")
                    .containsEntry("TF_HTTP_RETRY_WAIT_MIN", "5").containsEntry("TF_VAR_CI_JOB_ID", "7")
                    .containsEntry("TF_IN_AUTOMATION", "true")
                    .containsEntry("TF_TOKEN_git__lab_example_com", "glcbt-job");
            assertThat(plan.secrets()).extracting(Secret::value).containsExactly("glcbt-job");
            assertThat(plan.notes()).isEmpty();
        }

        @Test
        void whatTheJobSetWins() {
            env.put("TF_ADDRESS", "https://other/state");
            env.put("TF_HTTP_LOCK_METHOD", "LOCK");
            env.put("TF_PASSWORD", "glpat-secret");

            WrapperPlan plan = plan(TERRAFORM, "init");

            assertThat(plan.environment()).containsEntry("TF_HTTP_ADDRESS", "https://other/state")
                    .containsEntry("TF_HTTP_LOCK_METHOD", "LOCK").containsEntry("TF_HTTP_USERNAME", "alice")
                    .containsEntry("TF_HTTP_PASSWORD", "glpat-secret");
            assertThat(plan.secrets()).extracting(Secret::value).contains("glpat-secret");
        }

        @Test
        void aPlanPrintsTheNamesOfItsEnvironmentNeverTheValues() {
            env.put("TF_PASSWORD", "glpat-secret");

            String printed = plan(TERRAFORM, "plan").toString();

            assertThat(printed).contains("TF_HTTP_PASSWORD", "TF_TOKEN_git__lab_example_com", "plan")
                    .doesNotContain("glpat-secret", "glcbt-job");
        }

        @Test
        void withoutStateNameOrAddressItSaysSo() {
            WrapperPlan plan = plan(TERRAFORM, "plan");

            assertThat(plan.environment()).doesNotContainKeys("TF_HTTP_ADDRESS", "TF_HTTP_LOCK_ADDRESS");
            assertThat(plan.notes()).singleElement().asString().contains("neither TF_STATE_NAME nor TF_ADDRESS");
        }

        @Test
        void gitLabTofusExtrasAreNotGitLabTerraforms() {
            // gitlab-tofu's settings, under gitlab-terraform's prefix: none of them is read
            Map.of("VAR_FILE", "prod.tfvars", "USE_DETAILED_EXITCODE", "true", "APPLY_NO_PLAN", "true",
                    "PLAN_WITH_JSON", "true").forEach((name, value) -> env.put(TERRAFORM.variable(name), value));

            assertThat(args(plan(TERRAFORM, "plan"))).last()
                    .isEqualTo(List.of("plan", "-input=false", "-out=plan.cache"));
            assertThat(args(plan(TERRAFORM, "apply"))).last()
                    .isEqualTo(List.of("apply", "-input=false", "plan.cache"));
            assertThat(args(plan(TERRAFORM, "test"))).containsExactly(List.of("test"));
            assertThat(args(plan(TERRAFORM, "graph"))).containsExactly(List.of("graph"));
            assertThat(plan(TERRAFORM, "plan").steps()).noneMatch(step -> step instanceof WrapperPlan.PlanJson
                    || ((WrapperPlan.Run) step).detailedExitCode());
        }
    }

    /** gitlab-tofu of the OpenTofu CI/CD component. */
    @Nested
    class GitLabTofu {

        @Test
        void defaultStateNameIsDefaultAndApplyAutoApprovesThePlan() {
            env.put("GITLAB_TOFU_ROOT_DIR", "infra");

            WrapperPlan plan = plan(TOFU, "apply");

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

            WrapperPlan plan = plan(TOFU, "plan");

            assertThat(plan.environment().get("TF_HTTP_ADDRESS")).endsWith("/terraform/state/prod%20eu%2F1");
            assertThat(plan.notes()).singleElement().asString().contains("deprecated TF_STATE_NAME");
        }

        @Test
        void detailedExitCodeAndVarFileReachPlan() {
            env.put("GITLAB_TOFU_USE_DETAILED_EXITCODE", "true");
            env.put("GITLAB_TOFU_VAR_FILE", "prod.tfvars");
            env.put("GITLAB_TOFU_IMPLICIT_INIT", "false");

            assertThat(plan(TOFU, "plan").steps()).extracting(WrapperPlan.Step::args).containsExactly(List.of("plan",
                    "-input=false", "-out=plan.cache", "--var-file=prod.tfvars", "-detailed-exitcode"));
        }

        @Test
        void autoEncryptionNeedsAPassphraseAndMigrationNeedsEncryption() {
            env.put("GITLAB_TOFU_AUTO_ENCRYPTION", "true");
            assertThatThrownBy(() -> plan(TOFU, "plan"))
                    .hasMessageContaining("a passphrase ($GITLAB_TOFU_AUTO_ENCRYPTION_PASSPHRASE)");

            env.put("GITLAB_TOFU_AUTO_ENCRYPTION", "false");
            env.put("GITLAB_TOFU_AUTO_ENCRYPTION_ENABLE_MIGRATION_FROM_UNENCRYPTED", "true");
            assertThatThrownBy(() -> plan(TOFU, "plan")).hasMessageContaining("must be enabled to enable migration");
        }

        @Test
        void autoEncryptionSetsTofuEncryptionAndMasksThePassphrase() {
            env.put("GITLAB_TOFU_AUTO_ENCRYPTION", "true");
            env.put("GITLAB_TOFU_AUTO_ENCRYPTION_PASSPHRASE", "correct \"horse\" battery");
            env.put("GITLAB_TOFU_AUTO_ENCRYPTION_ENABLE_MIGRATION_FROM_UNENCRYPTED", "true");

            WrapperPlan plan = plan(TOFU, "apply");

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

            List<WrapperPlan.Step> steps = plan(TOFU, "plan").steps();

            assertThat(steps).hasSize(2);
            assertThat(((WrapperPlan.Run) steps.get(0)).detailedExitCode()).isTrue();
            assertThat(steps.get(1)).isInstanceOf(WrapperPlan.PlanJson.class);
            assertThat(((WrapperPlan.PlanJson) steps.get(1)).report()).isEqualTo(Path.of("plan.json"));
        }
    }

    private WrapperPlan plan(WrapperTool tool, String... args) {
        return GitLabWrapper.plan(tool, new WrapperRequest(List.of(args), List.of(args), env, PROJECT,
                PROJECT::resolve));
    }

    private static List<List<String>> args(WrapperPlan plan) {
        return plan.steps().stream().map(WrapperPlan.Step::args).toList();
    }
}
