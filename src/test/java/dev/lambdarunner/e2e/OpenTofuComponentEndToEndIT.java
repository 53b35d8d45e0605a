package dev.lambdarunner.e2e;

import dev.lambdarunner.testsupport.FakeJob;
import dev.lambdarunner.testsupport.FakeRepo;
import dev.lambdarunner.testsupport.FakeTerraformState;
import dev.lambdarunner.testsupport.FinalReport;
import dev.lambdarunner.testsupport.JobSpec;
import dev.lambdarunner.testsupport.JobSpec.Artifact;
import dev.lambdarunner.testsupport.StoredArtifact;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Arrays;
import java.util.Map;

import static dev.lambdarunner.e2e.E2eRunner.JOB_WAIT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenTofu CI/CD component 0.50.0's plan, apply and destroy jobs through the packaged CLI against the GitLab
 * fake: their script lines, variables, image, cache and artifacts as the component's templates
 * ({@code templates/{plan,apply,destroy}.yml}) produce them, with {@code destroy: false} and then {@code true}.
 *
 * <p>Real {@code terraform} stands in for {@code tofu} ({@code runner.terraform.tofu-path} points at it): no
 * OpenTofu binary is available here. That covers the wrapper's init against GitLab-managed state, plan with its
 * JSON report, apply of the saved plan and destroy, which both tools do alike for the built-in
 * {@code terraform_data}. It cannot cover what only OpenTofu does: {@code GITLAB_TOFU_AUTO_ENCRYPTION} sets
 * {@code TF_ENCRYPTION}, which Terraform ignores (it would write the state unencrypted), so state and plan
 * encryption need a real tofu binary; so would OpenTofu-only syntax or providers from OpenTofu's registry.
 */
class OpenTofuComponentEndToEndIT {

    private static final String IMAGE =
            "registry.gitlab.com/components/opentofu/gitlab-opentofu:0.50.0-opentofu1.8.0";
    private static final String STATE = "default";

    @RegisterExtension
    static final E2eRunner e2e = new E2eRunner();

    @Test
    void theComponentsPlanApplyAndDestroyJobsRunUnchanged() throws Exception {
        FakeTerraformState state = e2e.gitlab().terraformState(repo().projectId(), STATE);
        FakeJob plan = e2e.enqueue(planJob("plan", "false"));
        e2e.runOnce(env());

        assertSucceeded(plan);
        assertThat(plan.trace()).contains("$ gitlab-tofu plan $args", "2 to add, 0 to change, 0 to destroy",
                "Uploading artifacts as \"terraform\" to coordinator... 201",
                "Note: the job asks for OpenTofu 1.8.0 (image " + IMAGE + "); this runner runs OpenTofu "
                        + terraformVersion(),
                "Note: cache " + STATE + "-protected is ignored: this runner keeps no cache between jobs");
        assertThat(outputLines(plan)).doesNotContain("Planning for a destroy");
        assertThat(report(plan)).isEqualToIgnoringWhitespace("{\"create\":2,\"update\":0,\"delete\":0}");
        assertThat(state.latest()).as("a plan writes no state").isNull();

        FakeJob apply = e2e.enqueue(component("apply").script("gitlab-tofu apply").dependencies(plan).build());
        e2e.runOnce(env());

        assertSucceeded(apply);
        assertThat(apply.trace()).contains("Downloading artifacts for plan (" + plan.id() + ")",
                "Apply complete! Resources: 2 added, 0 changed, 0 destroyed.")
                .containsPattern("gitlab-tofu: tofu \\S+ apply -input=false -auto-approve \\S+/plan\\.cache")
                .as("the saved plan is applied, not a fresh one").doesNotContain("Plan: 2 to add");
        assertThat(state.latestJson().path("resources")).hasSize(2);
        assertThat(state.locked()).isFalse();

        FakeJob destroyPlan = e2e.enqueue(planJob("plan", "true"));
        e2e.runOnce(env());

        assertSucceeded(destroyPlan);
        assertThat(outputLines(destroyPlan)).contains("Planning for a destroy");
        assertThat(report(destroyPlan)).isEqualToIgnoringWhitespace("{\"create\":0,\"update\":0,\"delete\":2}");

        FakeJob destroy = e2e.enqueue(component("destroy").script("gitlab-tofu destroy").build());
        e2e.runOnce(env());

        assertSucceeded(destroy);
        assertThat(destroy.trace()).contains("Destroy complete! Resources: 2 destroyed.");
        assertThat(state.latestJson().path("resources")).as("destroy empties the state").isEmpty();
        assertThat(state.locked()).isFalse();
    }

    /**
     * The component's plan job: its two script entries as GitLab sends them (the first a block scalar, as in
     * ScriptBuiltinsTest's copy of templates/plan.yml), {@code destroy} input already substituted.
     */
    private static JobSpec planJob(String name, String destroyInput) {
        return component(name).variable("GITLAB_TOFU_PLAN_WITH_JSON", "true")
                .script("args=\"\"\nif [ \"" + destroyInput + "\" == \"true\" ]; then \n"
                                + "  echo \"Planning for a destroy\"\n  args=\"-destroy\"\nfi\n",
                        "gitlab-tofu plan $args")
                .artifact(Artifact.archive("${GITLAB_TOFU_ROOT_DIR}/plan.cache"))
                .artifact(Artifact.terraformReport("${GITLAB_TOFU_ROOT_DIR}/plan.json"))
                .build();
    }

    /** What every job of the component sets: its image, its cache and the root dir and state name inputs. */
    private static JobSpec.Builder component(String name) {
        return JobSpec.builder().name(name).repo(repo()).image(IMAGE).cacheKeys(STATE + "-protected")
                .variable("GITLAB_TOFU_ROOT_DIR", "${CI_PROJECT_DIR}")
                .variable("GITLAB_TOFU_STATE_NAME", STATE);
    }

    private static void assertSucceeded(FakeJob job) throws Exception {
        FinalReport report = job.awaitFinished(JOB_WAIT);
        assertThat(report.status()).as(job.trace()).isEqualTo("success");
        assertThat(job.trace()).doesNotContain(job.token());
    }

    private static java.util.List<String> outputLines(FakeJob job) {
        return Arrays.stream(job.trace().split("\r?\n")).map(String::strip).toList();
    }

    private static String report(FakeJob job) {
        StoredArtifact report = e2e.gitlab().artifacts(job.id()).stream().filter(a -> a.type().equals("terraform"))
                .findFirst().orElseThrow(() -> new AssertionError("job " + job.id() + " uploaded no plan report"));
        return report.text();
    }

    private static String terraformVersion() throws Exception {
        Process p = new ProcessBuilder("terraform", "version", "-json").redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return out.replaceAll("(?s).*\"terraform_version\"\\s*:\\s*\"([^\"]+)\".*", "$1");
    }

    /** GitLab's Terraform fixture, as the project the component is included in. */
    private static FakeRepo repo() {
        return e2e.repo("infra/tofu-component", "managed");
    }

    private Map<String, String> env() {
        Map<String, String> env = e2e.pollingEnv();
        // terraform stands in for tofu: gitlab-tofu lines run the binary this names
        env.put("RUNNER_TERRAFORM_TOFU_PATH", "terraform");
        return env;
    }
}
