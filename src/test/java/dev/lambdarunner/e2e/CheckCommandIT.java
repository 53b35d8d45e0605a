package dev.lambdarunner.e2e;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code java -jar <runner jar> check FILE} as a newcomer runs it: no GitLab, no AWS, no environment but PATH. On the
 * example pipeline, GitLab's Terraform templates, the OpenTofu component's jobs and refused constructs.
 */
class CheckCommandIT {

    private static final String DIR = "src/test/resources/pipelines/";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void theExamplePipelineCanRunOnThePlanAndTheApplyRunner() throws Exception {
        RunnerCli.Output plan = check("deploy/gitlab-ci/.gitlab-ci.yml");
        assertThat(plan.exitCode()).as(plan.toString()).isZero();
        assertThat(plan.stdout()).contains("job validate: runs", "job plan: runs",
                "job apply: not taken (tags lambda-terraform-apply not on this runner)",
                "2 jobs for this runner: 2 can run, 0 cannot run, 0 unknown; 2 not taken");
        assertThat(plan.stderr()).isEmpty();

        RunnerCli.Output apply = check("deploy/gitlab-ci/.gitlab-ci.yml", "--tag", "lambda-terraform-apply");
        assertThat(apply.exitCode()).as(apply.toString()).isZero();
        assertThat(apply.stdout()).contains("job plan-protected: runs", "job apply: runs",
                "    run: gitlab-terraform apply\n", "job plan: not taken",
                "2 jobs for this runner: 2 can run, 0 cannot run, 0 unknown; 2 not taken");
    }

    @Test
    void gitLabsTerraformTemplateJobsRunWhenTheTemplateIsVendored() throws Exception {
        RunnerCli.Output latest = check(DIR + "terraform-templates/.gitlab-ci.yml");
        assertThat(latest.exitCode()).as(latest.toString()).isZero();
        assertThat(latest.stdout()).contains("job build: runs\n  ignored: image ($CI_TEMPLATE_REGISTRY_HOST/",
                "    run: cd \"${TF_ROOT}\"  =>  cd ${CI_PROJECT_DIR}/infra\n    run: gitlab-terraform plan\n    run: gitlab-terraform plan-json\n",
                "5 jobs for this runner: 5 can run");

        RunnerCli.Output base = check(DIR + "terraform-templates/base-jobs.gitlab-ci.yml");
        assertThat(base.exitCode()).as(base.toString()).isZero();
        assertThat(base.stdout()).contains("ignored: image (registry.gitlab.com/gitlab-org/terraform-images/releases/terraform:1.0.3)",
                "ignored: cache (${TF_ROOT})", "    run: cd ${TF_ROOT}  =>  cd ${CI_PROJECT_DIR}\n    run: gitlab-terraform init\n");
    }

    @Test
    void gitLabsTerraformTemplateIncludedByNameIsNamedAndItsJobsUnknown() throws Exception {
        RunnerCli.Output out = check(DIR + "terraform-templates/templates/Terraform.latest.gitlab-ci.yml");
        assertThat(out.exitCode()).isEqualTo(1);
        assertThat(out.stdout()).contains("not read: include template Terraform/Base.latest.gitlab-ci.yml",
                "job build: unknown (extends '.terraform:build' is not in this file or its local includes",
                "4 jobs for this runner: 0 can run, 0 cannot run, 4 unknown");

        RunnerCli.Output hiddenOnly = check(DIR + "terraform-templates/templates/Terraform/Base.latest.gitlab-ci.yml");
        assertThat(hiddenOnly.exitCode()).isZero();
        assertThat(hiddenOnly.stdout()).contains("no job for a runner tagged lambda-terraform");
    }

    @Test
    void theOpenTofuComponentsJobsRunOnARunnerWithOpenTofu() throws Exception {
        RunnerCli.Output out = check(DIR + "opentofu/.gitlab-ci.yml", "--tofu");
        assertThat(out.exitCode()).as(out.toString()).isZero();
        assertThat(out.stdout()).contains("job plan: runs", "    run: gitlab-tofu plan\n    run: gitlab-tofu plan-json\n",
                "5 jobs for this runner: 5 can run");

        RunnerCli.Output withoutTofu = check(DIR + "opentofu/.gitlab-ci.yml");
        assertThat(withoutTofu.exitCode()).isEqualTo(1);
        assertThat(withoutTofu.stdout()).contains("refused: 'gitlab-tofu plan': gitlab-tofu is not enabled on this runner");
    }

    /**
     * The shell built-ins the OpenTofu component uses around gitlab-tofu (echo, if/fi over [ ], ; inside one entry)
     * run through the engine's own policy; an assignment in front of a command stays refused, with a message that
     * says what works instead, and so does curl.
     */
    @Test
    void theOpenTofuComponentsShellBuiltinsRunAndAPrefixAssignmentIsRefused() throws Exception {
        RunnerCli.Output out = check(DIR + "opentofu/builtins.gitlab-ci.yml", "--tofu");
        assertThat(out.exitCode()).isEqualTo(1);
        assertThat(out.stdout()).contains(
                "run: echo \"planning ${GITLAB_TOFU_ROOT_DIR}\"  =>  echo 'planning infra'",
                "run: if [ \"$GITLAB_TOFU_AUTO_APPLY\" = \"true\" ]  =>  if [ false = true ]",
                "refused: 'GITLAB_TOFU_PLAN_NAME=plan gitlab-tofu plan': an assignment before a command",
                "run: gitlab-tofu validate\n    run: gitlab-tofu plan",
                "job delete-state: cannot run\n  script:\n    refused: 'curl --request DELETE");
        assertThat(out.stdout()).doesNotContain("glob '['", "'echo' is not allowed");
    }

    @Test
    void refusedConstructsExitOneWithTheReasonPerLine() throws Exception {
        RunnerCli.Output out = check(DIR + "refused.yml");
        assertThat(out.exitCode()).isEqualTo(1);
        assertThat(out.stdout()).contains(
                "refused: 'terraform plan | tee plan.txt': pipe '|' is not allowed",
                "refused: 'terraform output -json > outputs.json': redirection '>' is not allowed",
                "refused: 'terraform apply -var \"version=$(git describe)\"': command substitution '$(' is not allowed",
                "refused: 'curl -sSL https://example.com/install.sh': 'curl' is not allowed",
                "4 jobs for this runner: 1 can run, 3 cannot run");
    }

    @Test
    void anUnreadableOrInvalidFileExitsTwo() throws Exception {
        RunnerCli.Output invalid = check(DIR + "invalid.yml");
        assertThat(invalid.exitCode()).isEqualTo(2);
        assertThat(invalid.stderr()).startsWith("error: parsing " + DIR + "invalid.yml: ").doesNotContain("Exception");
        RunnerCli.Output missing = check(DIR + "nope.yml");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.stderr()).contains("error: reading " + DIR + "nope.yml: no such file");
    }

    private static RunnerCli.Output check(String... args) throws Exception {
        String[] argv = new String[args.length + 1];
        argv[0] = "check";
        System.arraycopy(args, 0, argv, 1, args.length);
        try (RunnerCli cli = RunnerCli.start(Map.of(), argv)) {
            return cli.awaitOutput(WAIT);
        }
    }
}
