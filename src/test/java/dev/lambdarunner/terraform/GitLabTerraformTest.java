package dev.lambdarunner.terraform;

import dev.lambdarunner.sensitive.Secret;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The plan of each gitlab-terraform command, against GitLab's gitlab-terraform.sh. */
class GitLabTerraformTest {

    private static final Path PROJECT = Path.of("/builds/job/project");
    private final Map<String, String> env = new HashMap<>(Map.of(
            "CI_API_V4_URL", "https://gitlab.example.com/api/v4", "CI_PROJECT_ID", "42", "CI_JOB_TOKEN", "glcbt-job",
            "CI_JOB_ID", "7", "GITLAB_USER_LOGIN", "alice", "CI_SERVER_PROTOCOL", "https",
            "CI_SERVER_HOST", "git-lab.example.com", "CI_PROJECT_DIR", PROJECT.toString()));

    @Test
    void planInitsThenPlansIntoTheCacheOnManagedState() {
        env.put("TF_STATE_NAME", "prod");
        env.put("TF_ROOT", "infra");

        WrapperPlan plan = plan("plan", "-var=x=1");

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

        WrapperPlan plan = plan("init");

        assertThat(plan.environment()).containsEntry("TF_HTTP_ADDRESS", "https://other/state")
                .containsEntry("TF_HTTP_LOCK_METHOD", "LOCK").containsEntry("TF_HTTP_USERNAME", "alice")
                .containsEntry("TF_HTTP_PASSWORD", "glpat-secret");
        assertThat(plan.secrets()).extracting(Secret::value).contains("glpat-secret");
    }

    @Test
    void eachCommandAsTheWrapperRunsIt() {
        env.put("TF_INIT_FLAGS", "-upgrade  -backend-config=x.hcl");
        assertThat(args(plan("init", "-get=false"))).containsExactly(
                List.of("init", "-get=false", "-input=false", "-reconfigure", "-upgrade", "-backend-config=x.hcl"));
        env.remove("TF_INIT_FLAGS");
        assertThat(args(plan("validate"))).containsExactly(List.of("init", "-backend=false", "-input=false",
                "-reconfigure"), List.of("validate"));
        assertThat(args(plan("fmt"))).containsExactly(List.of("fmt", "-check", "-diff", "-recursive"));
        assertThat(args(plan("apply"))).last().isEqualTo(List.of("apply", "-input=false", "plan.cache"));
        assertThat(args(plan("destroy"))).last().isEqualTo(List.of("destroy", "-auto-approve"));
        assertThat(args(plan("output", "-json"))).containsExactly(List.of("output", "-json"));
        assertThat(args(plan("--", "plan"))).containsExactly(List.of("plan"));
        WrapperPlan json = plan("plan-json");
        assertThat(json.steps()).singleElement().isInstanceOfSatisfying(WrapperPlan.PlanJson.class, step -> {
            assertThat(step.args()).containsExactly("show", "-json", "plan.cache");
            assertThat(step.report()).isEqualTo(Path.of("plan.json"));
        });
    }

    @Test
    void implicitInitAndReconfigureCanBeTurnedOff() {
        env.put("TF_IMPLICIT_INIT", "false");
        assertThat(args(plan("plan"))).containsExactly(List.of("plan", "-input=false", "-out=plan.cache"));
        env.put("TF_INIT_NO_RECONFIGURE", "true");
        assertThat(args(plan("init"))).containsExactly(List.of("init", "-input=false"));
    }

    @Test
    void implicitInitRunsOnlyForTrueAsTheWrapperExecutesTheValue() {
        env.put("TF_IMPLICIT_INIT", "no");
        assertThat(args(plan("plan"))).containsExactly(List.of("plan", "-input=false", "-out=plan.cache"));
        env.put("TF_IMPLICIT_INIT", "true");
        assertThat(args(plan("plan"))).hasSize(2);
    }

    @Test
    void gitLabTofusExtrasAreNotGitLabTerraforms() {
        env.put("TF_VAR_FILE", "prod.tfvars");
        env.put("TF_USE_DETAILED_EXITCODE", "true");
        env.put("TF_APPLY_NO_PLAN", "true");
        env.put("TF_PLAN_WITH_JSON", "true");

        assertThat(args(plan("plan"))).last().isEqualTo(List.of("plan", "-input=false", "-out=plan.cache"));
        assertThat(args(plan("apply"))).last().isEqualTo(List.of("apply", "-input=false", "plan.cache"));
        assertThat(args(plan("test"))).containsExactly(List.of("test"));
        assertThat(args(plan("graph"))).containsExactly(List.of("graph"));
        assertThat(plan("plan").steps()).noneMatch(step -> step instanceof WrapperPlan.PlanJson
                || ((WrapperPlan.Run) step).detailedExitCode());
    }

    @Test
    void theLogShowsTheScriptsArgumentsUnexpanded() {
        env.put("TF_INIT_FLAGS", "-backend-config=password=hunter2 -upgrade");
        WrapperRequest request = new WrapperRequest(List.of("plan", "-var=token=s3cret"),
                List.of("plan", "-var=token=${TOKEN}"), env, PROJECT, Path::of);

        WrapperPlan plan = GitLabWrapper.plan(WrapperTool.TERRAFORM, request);

        assertThat(plan.steps()).extracting(WrapperPlan.Step::display).containsExactly(
                "terraform init -input=false -reconfigure ${TF_INIT_FLAGS}",
                "terraform plan -var=token=${TOKEN} -input=false -out=plan.cache");
    }

    @Test
    void withoutStateNameOrAddressItSaysSo() {
        WrapperPlan plan = plan("plan");

        assertThat(plan.environment()).doesNotContainKeys("TF_HTTP_ADDRESS", "TF_HTTP_LOCK_ADDRESS");
        assertThat(plan.notes()).singleElement().asString().contains("neither TF_STATE_NAME nor TF_ADDRESS");
    }

    @Test
    void aRootOutsideTheProjectIsRefused() {
        env.put("TF_ROOT", "/etc");
        WrapperRequest request = new WrapperRequest(List.of("plan"), List.of("plan"), env, PROJECT, dir -> {
            throw new IllegalArgumentException("root directory '" + dir + "': outside the project directory");
        });

        assertThatThrownBy(() -> GitLabWrapper.plan(WrapperTool.TERRAFORM, request)).hasMessageContaining("outside the project directory");
    }

    private WrapperPlan plan(String... args) {
        return GitLabWrapper.plan(WrapperTool.TERRAFORM, new WrapperRequest(List.of(args), List.of(args), env, PROJECT,
                dir -> PROJECT.resolve(dir)));
    }

    private static List<List<String>> args(WrapperPlan plan) {
        return plan.steps().stream().map(WrapperPlan.Step::args).toList();
    }
}
