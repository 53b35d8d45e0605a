package dev.lambdarunner.e2e;

import dev.lambdarunner.testsupport.FakeJob;
import dev.lambdarunner.testsupport.FakeTerraformState;
import dev.lambdarunner.testsupport.FinalReport;
import dev.lambdarunner.testsupport.JobSpec;
import dev.lambdarunner.testsupport.JobSpec.Artifact;
import dev.lambdarunner.testsupport.StoredArtifact;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static dev.lambdarunner.e2e.E2eRunner.JOB_WAIT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * GitLab's Terraform template flow through the packaged CLI with real Terraform: plan job (gitlab-terraform plan,
 * plan-json, artifacts and the merge-request report), apply job (dependencies: the plan job), GitLab-managed state
 * and its lock in the fake's state API, and archives that try to write outside the project directory.
 */
class GitLabTerraformEndToEndIT {

    @RegisterExtension
    static final E2eRunner e2e = new E2eRunner();

    @Test
    void theTemplatesPlanAndApplyJobsRunUnchangedOnManagedState() throws Exception {
        FakeJob plan = e2e.enqueue(template("build", "plan-state")
                .script("cd \"${TF_ROOT}\"", "gitlab-terraform plan", "gitlab-terraform plan-json")
                .artifact(Artifact.archive("${TF_ROOT}/plan.cache"))
                .artifact(Artifact.terraformReport("${TF_ROOT}/plan.json")).build());
        e2e.runOnce(env());

        FinalReport planned = plan.awaitFinished(JOB_WAIT);
        assertThat(planned.status()).as(plan.trace()).isEqualTo("success");
        assertThat(plan.trace()).contains("$ gitlab-terraform plan", "2 to add, 0 to change, 0 to destroy",
                "Uploading artifacts for successful job", "Uploading artifacts as \"archive\" to coordinator... 201",
                "Uploading artifacts as \"terraform\" to coordinator... 201").doesNotContain(plan.token());
        StoredArtifact report = artifact(plan, "terraform");
        assertThat(report.format()).isEqualTo("raw");
        assertThat(report.filename()).isEqualTo("tfplan.json");
        assertThat(report.text()).isEqualToIgnoringWhitespace("{\"create\":2,\"update\":0,\"delete\":0}");
        StoredArtifact archive = artifact(plan, "archive");
        assertThat(archive.filename()).isEqualTo("artifacts.zip");
        assertThat(archive.expireIn()).isEqualTo("1 week");
        assertThat(zipNames(archive.content())).containsExactly("plan.cache");
        assertThat(unzipped(unzipped(archive.content()).get("plan.cache")).values())
                .as("the backend credentials reach Terraform as TF_HTTP_* only, never the saved plan")
                .noneMatch(content -> new String(content, StandardCharsets.ISO_8859_1).contains(plan.token()));
        FakeTerraformState state = e2e.gitlab().terraformState(e2e.repo("managed").projectId(), "plan-state");
        assertThat(state.latest()).as("a plan writes no state").isNull();
        assertThat(state.locked()).isFalse();

        FakeJob apply = e2e.enqueue(template("deploy", "plan-state")
                .script("cd \"${TF_ROOT}\"", "gitlab-terraform apply").dependencies(plan).build());
        e2e.runOnce(env());

        FinalReport applied = apply.awaitFinished(JOB_WAIT);
        assertThat(applied.status()).as(apply.trace()).isEqualTo("success");
        assertThat(apply.trace()).contains("Downloading artifacts for build (" + plan.id() + ")",
                "Apply complete! Resources: 2 added, 0 changed, 0 destroyed.");
        List<String> resources = new ArrayList<>();
        state.latestJson().path("resources").forEach(r -> resources.add(r.path("type").asText() + "."
                + r.path("name").asText()));
        assertThat(resources).containsExactlyInAnyOrder("terraform_data.first", "terraform_data.second");
        assertThat(state.locked()).as("no lock left behind").isFalse();
        assertThat(state.lockEvents()).as("apply locked and unlocked the state").anyMatch(e -> e.startsWith("lock "))
                .last().asString().startsWith("unlock ");
    }

    @Test
    void aForeignLockFailsTheJobWithTerraformsExplanationAndStays() throws Exception {
        FakeTerraformState state = e2e.gitlab().lockStateAsSomeoneElse(e2e.repo("managed").projectId(), "locked-state",
                "f0f0f0f0-foreign-lock");
        FakeJob job = e2e.enqueue(template("build", "locked-state")
                .script("cd \"${TF_ROOT}\"", "gitlab-terraform plan").build());
        e2e.runOnce(env());

        FinalReport report = job.awaitFinished(JOB_WAIT);
        assertThat(report.status()).isEqualTo("failed");
        assertThat(report.failureReason()).isEqualTo("script_failure");
        assertThat(job.trace()).contains("Error acquiring the state lock",
                "HTTP remote state already locked: ID=f0f0f0f0-foreign-lock");
        assertThat(state.lockId()).as("someone else's lock is left alone").isEqualTo("f0f0f0f0-foreign-lock");
    }

    @Test
    void aCancelMidApplyReleasesTheJobsOwnLock() throws Exception {
        FakeJob job = e2e.enqueue(JobSpec.builder().name("deploy").repo(e2e.repo("managed-slow"))
                .variable("TF_STATE_NAME", "slow").variable("TF_VAR_marker", "428").script("gitlab-terraform plan", "gitlab-terraform apply").build());
        FakeTerraformState state = e2e.gitlab().terraformState(e2e.repo("managed-slow").projectId(), "slow");

        try (RunnerCli cli = e2e.start(env(), "run", "--once")) {
            job.awaitTraceContains("Provisioning with 'local-exec'", JOB_WAIT);
            assertThat(state.locked()).as("apply holds the state lock").isTrue();
            job.cancel();
            assertThat(cli.awaitExit(JOB_WAIT)).isZero();
        }

        assertThat(job.awaitFinished(JOB_WAIT).status()).isEqualTo("canceled");
        assertThat(state.locked()).as(job.trace()).isFalse();
        assertThat(LeftoverProcesses.remainingAfter("sleep 428", Duration.ofSeconds(5))).isEmpty();
    }

    @Test
    void anArchiveWritingOutsideTheProjectDirectoryIsRefused() throws Exception {
        String marker = "escaped-" + System.nanoTime() + ".txt";
        FakeJob evil = e2e.gitlab().finishedJobWithArchive("evil-build", ArtifactZip.of(
                Map.of("ok.txt", "fine", "../../../" + marker, "zip-slip")));
        FakeJob job = e2e.enqueue(template("deploy", "evil").script("gitlab-terraform plan").dependencies(evil)
                .build());
        e2e.runOnce(env());

        FinalReport report = job.awaitFinished(JOB_WAIT);
        assertThat(report.status()).isEqualTo("failed");
        assertThat(report.failureReason()).isEqualTo("script_failure");
        assertThat(job.trace()).contains("downloading artifacts of dependency evil-build (" + evil.id() + "): refused:",
                "'../../../" + marker + "'").doesNotContain("$ gitlab-terraform plan");
        assertThat(e2e.work().resolve(marker)).as("where ../../../ from the project directory leads").doesNotExist();
        e2e.assertNothingNamedInWork(marker);
    }

    @Test
    void anArtifactGitLabFindsTooLargeFailsTheJobClearly() throws Exception {
        FakeJob job = e2e.enqueue(template("build", "too-large").script("gitlab-terraform plan")
                .artifact(Artifact.archive("${TF_ROOT}/plan.cache")).build());
        e2e.gitlab().maxArtifactSize(10);
        try {
            e2e.runOnce(env());
        } finally {
            e2e.gitlab().maxArtifactSize(Long.MAX_VALUE);
        }

        FinalReport report = job.awaitFinished(JOB_WAIT);
        assertThat(report.status()).isEqualTo("failed");
        assertThat(report.failureReason()).isEqualTo("script_failure");
        assertThat(job.trace()).contains("ERROR: Job failed: uploading artifacts as \"archive\": POST /api/v4/jobs/"
                + job.id() + "/artifacts: artifact too large (413");
        assertThat(e2e.gitlab().artifacts(job.id())).isEmpty();
    }

    @Test
    void providersComeFromTheMirrorAndTheLockFileIsStillChecked() throws Exception {
        Path mirror = FakeProviderMirror.writeTo(e2e.work().resolve("mirror"));
        FakeJob ok = e2e.enqueue(JobSpec.builder().repo(e2e.repo("mirrored")).script("gitlab-terraform init").build());
        FakeJob locked = e2e.enqueue(JobSpec.builder().repo(e2e.repo("mirrored-locked")).script("gitlab-terraform init").build());
        Map<String, String> env = env();
        env.put("RUNNER_TERRAFORM_PROVIDER_MIRROR_DIR", mirror.toString());

        for (int i = 0; i < 2; i++) {
            e2e.runOnce(env);
        }

        assertThat(ok.awaitFinished(JOB_WAIT).status()).as(ok.trace()).isEqualTo("success");
        assertThat(ok.trace()).contains("Installed example.com/test/fake v1.0.0 (unauthenticated)");
        assertThat(locked.awaitFinished(JOB_WAIT).status()).isEqualTo("failed");
        assertThat(locked.trace()).contains("doesn't match any of the checksums");
    }

    private static JobSpec.Builder template(String name, String stateName) {
        return JobSpec.builder().name(name).repo(e2e.repo("managed"))
                .variable("TF_ROOT", "${CI_PROJECT_DIR}")
                .variable("TF_STATE_NAME", stateName);
    }

    private static StoredArtifact artifact(FakeJob job, String type) {
        return e2e.gitlab().artifacts(job.id()).stream().filter(a -> a.type().equals(type)).findFirst()
                .orElseThrow(() -> new AssertionError("job " + job.id() + " uploaded no " + type + " artifact"));
    }

    private static List<String> zipNames(byte[] zip) throws IOException {
        List<String> names = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                names.add(e.getName());
            }
        }
        return names;
    }

    private static Map<String, byte[]> unzipped(byte[] zip) throws IOException {
        Map<String, byte[]> entries = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                entries.put(e.getName(), in.readAllBytes());
            }
        }
        return entries;
    }

    private Map<String, String> env() {
        Map<String, String> env = e2e.pollingEnv();
        env.put("RUNNER_SANDBOX_KILL_GRACE", "PT5S");
        return env;
    }
}
