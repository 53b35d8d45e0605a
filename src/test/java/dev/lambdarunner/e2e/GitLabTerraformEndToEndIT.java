package dev.lambdarunner.e2e;

import dev.lambdarunner.testsupport.FakeGitLab;
import dev.lambdarunner.testsupport.FakeJob;
import dev.lambdarunner.testsupport.FakeRepo;
import dev.lambdarunner.testsupport.FakeRunner;
import dev.lambdarunner.testsupport.FakeTerraformState;
import dev.lambdarunner.testsupport.FinalReport;
import dev.lambdarunner.testsupport.JobSpec;
import dev.lambdarunner.testsupport.JobSpec.Artifact;
import dev.lambdarunner.testsupport.StoredArtifact;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GitLab's Terraform template flow through the packaged CLI with real Terraform: plan job (gitlab-terraform plan,
 * plan-json, artifacts and the merge-request report), apply job (dependencies: the plan job), GitLab-managed state
 * and its lock in the fake's state API, and archives that try to write outside the project directory.
 */
class GitLabTerraformEndToEndIT {

    private static final Duration JOB_WAIT = Duration.ofSeconds(90);

    static FakeGitLab gitlab;
    static FakeRunner runner;
    static FakeRepo managed;
    static FakeRepo slow;
    static FakeRepo mirrored;
    static FakeRepo mirroredLocked;

    @TempDir
    Path work;

    @BeforeAll
    static void startGitLab() {
        gitlab = FakeGitLab.start();
        runner = gitlab.addRunner("glrt-tf" + Long.toHexString(System.nanoTime()));
        managed = gitlab.createRepo("infra/managed", Path.of("src/test/resources/terraform/managed"));
        slow = gitlab.createRepo("infra/managed-slow", Path.of("src/test/resources/terraform/managed-slow"));
        mirrored = gitlab.createRepo("infra/mirrored", Path.of("src/test/resources/terraform/mirrored"));
        mirroredLocked = gitlab.createRepo("infra/mirrored-locked",
                Path.of("src/test/resources/terraform/mirrored-locked"));
    }

    @AfterAll
    static void stopGitLab() {
        gitlab.close();
    }

    @AfterEach
    void gitlabSawNoProtocolViolation() throws IOException {
        gitlab.assertNoViolations();
        LeftoverWorkspaces.assertNoneIn(work);
    }

    @Test
    void theTemplatesPlanAndApplyJobsRunUnchangedOnManagedState() throws Exception {
        FakeJob plan = gitlab.enqueue(template("build", "plan-state")
                .script("cd \"${TF_ROOT}\"", "gitlab-terraform plan", "gitlab-terraform plan-json")
                .artifact(Artifact.archive("${TF_ROOT}/plan.cache"))
                .artifact(Artifact.terraformReport("${TF_ROOT}/plan.json")).build());
        runOnce();

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
        FakeTerraformState state = gitlab.terraformState(managed.projectId(), "plan-state");
        assertThat(state.latest()).as("a plan writes no state").isNull();
        assertThat(state.locked()).isFalse();

        FakeJob apply = gitlab.enqueue(template("deploy", "plan-state")
                .script("cd \"${TF_ROOT}\"", "gitlab-terraform apply").dependencies(plan).build());
        runOnce();

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
        FakeTerraformState state = gitlab.lockStateAsSomeoneElse(managed.projectId(), "locked-state",
                "f0f0f0f0-foreign-lock");
        FakeJob job = gitlab.enqueue(template("build", "locked-state")
                .script("cd \"${TF_ROOT}\"", "gitlab-terraform plan").build());
        runOnce();

        FinalReport report = job.awaitFinished(JOB_WAIT);
        assertThat(report.status()).isEqualTo("failed");
        assertThat(report.failureReason()).isEqualTo("script_failure");
        assertThat(job.trace()).contains("Error acquiring the state lock",
                "HTTP remote state already locked: ID=f0f0f0f0-foreign-lock");
        assertThat(state.lockId()).as("someone else's lock is left alone").isEqualTo("f0f0f0f0-foreign-lock");
    }

    @Test
    void aCancelMidApplyReleasesTheJobsOwnLock() throws Exception {
        FakeJob job = gitlab.enqueue(JobSpec.builder().name("deploy").repo(slow).variable("TF_STATE_NAME", "slow")
                .variable("TF_VAR_marker", "428").script("gitlab-terraform plan", "gitlab-terraform apply").build());
        FakeTerraformState state = gitlab.terraformState(slow.projectId(), "slow");

        try (RunnerCli cli = RunnerCli.start(env(), "run", "--once")) {
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
        FakeJob evil = gitlab.finishedJobWithArchive("evil-build", zip(
                Map.of("ok.txt", "fine", "../../../" + marker, "zip-slip")));
        FakeJob job = gitlab.enqueue(template("deploy", "evil").script("gitlab-terraform plan").dependencies(evil)
                .build());
        runOnce();

        FinalReport report = job.awaitFinished(JOB_WAIT);
        assertThat(report.status()).isEqualTo("failed");
        assertThat(report.failureReason()).isEqualTo("script_failure");
        assertThat(job.trace()).contains("downloading artifacts of dependency evil-build (" + evil.id() + "): refused:",
                "'../../../" + marker + "'").doesNotContain("$ gitlab-terraform plan");
        assertThat(work.resolve(marker)).as("where ../../../ from the project directory leads").doesNotExist();
        try (Stream<Path> all = Files.walk(work)) {
            assertThat(all.filter(p -> p.getFileName().toString().equals(marker))).isEmpty();
        }
    }

    @Test
    void anArtifactGitLabFindsTooLargeFailsTheJobClearly() throws Exception {
        FakeJob job = gitlab.enqueue(template("build", "too-large").script("gitlab-terraform plan")
                .artifact(Artifact.archive("${TF_ROOT}/plan.cache")).build());
        gitlab.maxArtifactSize(10);
        try {
            runOnce();
        } finally {
            gitlab.maxArtifactSize(Long.MAX_VALUE);
        }

        FinalReport report = job.awaitFinished(JOB_WAIT);
        assertThat(report.status()).isEqualTo("failed");
        assertThat(report.failureReason()).isEqualTo("script_failure");
        assertThat(job.trace()).contains("ERROR: Job failed: uploading artifacts as \"archive\": POST /api/v4/jobs/"
                + job.id() + "/artifacts: artifact too large (413");
        assertThat(gitlab.artifacts(job.id())).isEmpty();
    }

    @Test
    void providersComeFromTheMirrorAndTheLockFileIsStillChecked() throws Exception {
        Path mirror = fakeProviderMirror(work.resolve("mirror"));
        FakeJob ok = gitlab.enqueue(JobSpec.builder().repo(mirrored).script("gitlab-terraform init").build());
        FakeJob locked = gitlab.enqueue(JobSpec.builder().repo(mirroredLocked).script("gitlab-terraform init").build());
        Map<String, String> env = env();
        env.put("RUNNER_TERRAFORM_PROVIDER_MIRROR_DIR", mirror.toString());

        for (int i = 0; i < 2; i++) {
            try (RunnerCli cli = RunnerCli.start(env, "run", "--once")) {
                assertThat(cli.awaitExit(JOB_WAIT)).as(cli.stderr()).isZero();
            }
        }

        assertThat(ok.awaitFinished(JOB_WAIT).status()).as(ok.trace()).isEqualTo("success");
        assertThat(ok.trace()).contains("Installed example.com/test/fake v1.0.0 (unauthenticated)");
        assertThat(locked.awaitFinished(JOB_WAIT).status()).isEqualTo("failed");
        assertThat(locked.trace()).contains("doesn't match any of the checksums");
    }

    /** A packed mirror (as 'terraform providers mirror' writes it) holding a stand-in provider executable. */
    private static Path fakeProviderMirror(Path mirror) throws IOException {
        String arch = System.getProperty("os.arch").equals("aarch64") ? "arm64" : "amd64";
        Path dir = Files.createDirectories(mirror.resolve("example.com/test/fake"));
        try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(
                dir.resolve("terraform-provider-fake_1.0.0_linux_" + arch + ".zip").toFile())) {
            ZipArchiveEntry entry = new ZipArchiveEntry("terraform-provider-fake_v1.0.0");
            entry.setUnixMode(0100755);
            out.putArchiveEntry(entry);
            out.write("#!/bin/sh\nexit 1\n".getBytes(StandardCharsets.UTF_8));
            out.closeArchiveEntry();
        }
        return mirror;
    }

    private static JobSpec.Builder template(String name, String stateName) {
        return JobSpec.builder().name(name).repo(managed)
                .variable("TF_ROOT", "${CI_PROJECT_DIR}")
                .variable("TF_STATE_NAME", stateName);
    }

    private void runOnce() throws Exception {
        try (RunnerCli cli = RunnerCli.start(env(), "run", "--once")) {
            assertThat(cli.awaitExit(JOB_WAIT)).as(cli.stderr()).isZero();
        }
    }

    private static StoredArtifact artifact(FakeJob job, String type) {
        return gitlab.artifacts(job.id()).stream().filter(a -> a.type().equals(type)).findFirst()
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

    static byte[] zip(Map<String, String> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(bytes)) {
            for (Map.Entry<String, String> f : new java.util.TreeMap<>(files).entrySet()) {
                out.putArchiveEntry(new ZipArchiveEntry(f.getKey()));
                out.write(f.getValue().getBytes(StandardCharsets.UTF_8));
                out.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    private Map<String, String> env() {
        Map<String, String> env = RunnerCli.pollingEnv(gitlab.url(), runner.token(), work);
        env.put("RUNNER_SANDBOX_KILL_GRACE", "PT5S");
        return env;
    }
}
