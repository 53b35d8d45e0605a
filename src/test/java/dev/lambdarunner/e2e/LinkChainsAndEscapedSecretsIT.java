package dev.lambdarunner.e2e;

import dev.lambdarunner.testsupport.FakeGitLab;
import dev.lambdarunner.testsupport.FakeJob;
import dev.lambdarunner.testsupport.FakeRepo;
import dev.lambdarunner.testsupport.FakeRunner;
import dev.lambdarunner.testsupport.FinalReport;
import dev.lambdarunner.testsupport.JobSpec;
import dev.lambdarunner.testsupport.JobSpec.Artifact;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 9, items 6 and 7, through the packaged CLI with real Terraform: a dependency archive whose symlinks lead
 * outside only together and only once followed, a plan saved in a directory the job made reaching the next job, and
 * a masked value that Terraform prints escaped (JSON, quoted) and percent-encoded.
 */
class LinkChainsAndEscapedSecretsIT {

    private static final Duration JOB_WAIT = Duration.ofSeconds(90);

    static FakeGitLab gitlab;
    static FakeRunner runner;
    static FakeRepo ok;
    static FakeRepo escaped;
    static FakeRepo nestedOut;

    @TempDir
    Path work;

    @BeforeAll
    static void startGitLab() {
        gitlab = FakeGitLab.start();
        runner = gitlab.addRunner("glrt-iso" + Long.toHexString(System.nanoTime()));
        ok = gitlab.createRepo("infra/ok", Path.of("src/test/resources/terraform/ok"));
        escaped = gitlab.createRepo("infra/escaped", Path.of("src/test/resources/terraform/escaped"));
        nestedOut = gitlab.createRepo("infra/nested-out", Path.of("src/test/resources/terraform/nested-out"));
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

    /**
     * The project directory is {@code <work>/builds/<job>-<random>/project}. {@code d/e/f/l -> ../../..} leads to
     * the project directory, and {@code a -> d/e/f/l/../../../<marker>} reads as {@code d/<marker>}, but followed it
     * leads to {@code <work>/<marker>}, which does not exist yet: the job's {@code terraform plan -out=a} would
     * create it there, outside the job's workspace, where it outlives the job.
     */
    @Test
    void aDependencyArchiveWhoseLinksLeadOutsideTogetherIsRefused() throws Exception {
        String marker = "escaped-" + System.nanoTime();
        FakeJob evil = gitlab.finishedJobWithArchive("evil-build", zip(Map.of(
                "a", "->d/e/f/l/../../../" + marker, "d/", "", "d/e/", "", "d/e/f/", "",
                "d/e/f/l", "->../../..")));
        FakeJob job = gitlab.enqueue(JobSpec.builder().repo(ok).dependencies(evil)
                .script("terraform init -input=false", "terraform plan -out=a").build());
        runOnce();

        FinalReport report = job.awaitFinished(JOB_WAIT);
        assertThat(report.status()).as(job.trace()).isEqualTo("failed");
        assertThat(report.failureReason()).isEqualTo("script_failure");
        assertThat(job.trace()).contains("downloading artifacts of dependency evil-build (" + evil.id() + "): refused:",
                "entry 'd/e/f/l': a symlink here would redirect the symlink a").doesNotContain("$ terraform plan");
        assertThat(work.resolve(marker)).as("where the chain leads").doesNotExist();
        try (Stream<Path> all = Files.walk(work)) {
            assertThat(all.filter(p -> p.getFileName().toString().equals(marker))).isEmpty();
        }
    }

    /** Job 1 makes build/out, saves its plan there and uploads that one file; job 2 gets it as a dependency. */
    @Test
    void aPlanSavedInADirectoryTheJobMadeReachesTheNextJob() throws Exception {
        FakeJob plan = gitlab.enqueue(JobSpec.builder().name("plan").repo(nestedOut)
                .script("terraform init -input=false", "terraform apply -auto-approve",
                        "terraform plan -out=build/out/plan.cache")
                .artifact(Artifact.archive("build/out/plan.cache")).build());
        runOnce();
        assertThat(plan.awaitFinished(JOB_WAIT).status()).as(plan.trace()).isEqualTo("success");

        FakeJob show = gitlab.enqueue(JobSpec.builder().name("show").repo(nestedOut).dependencies(plan)
                .script("terraform init -input=false", "terraform show build/out/plan.cache").build());
        runOnce();

        assertThat(show.awaitFinished(JOB_WAIT).status()).as(show.trace()).isEqualTo("success");
        assertThat(show.trace()).contains("Extracted 1 entries of plan (" + plan.id() + ")",
                "# terraform_data.out_dir", "1 to add, 0 to change, 1 to destroy.");
    }

    /**
     * The value's head is unique and the same in every form (letters, digits, dashes), so a trace without it holds
     * no form of the value; the lines that printed it show where each form was masked.
     */
    @Test
    void aMaskedValueNeverReachesTheTraceEscapedOrEncoded() throws Exception {
        String head = "tf-" + System.nanoTime();
        FakeJob job = gitlab.enqueue(JobSpec.builder().repo(escaped)
                .maskedVariable("TF_VAR_secret", head + "&<a>\"b\\c d")
                .script("terraform init -input=false", "terraform plan -out=plan.cache",
                        "terraform show -json plan.cache", "terraform apply plan.cache", "terraform output -json")
                .build());
        runOnce();

        FinalReport report = job.awaitFinished(JOB_WAIT);
        String trace = job.trace();
        assertThat(report.status()).as(trace).isEqualTo("success");
        assertThat(trace).doesNotContain(head, "\\u0026\\u003ca\\u003e", "%26%3Ca%3E%22b%5Cc+d", "&<a>\\\"b\\\\c d")
                .contains("input  = \"[MASKED]\"", "leaked_secret = \"[MASKED]\"",
                        "leaked_url = \"https://example.com/login?next=[MASKED]\"",
                        "\"variables\":{\"secret\":{\"value\":\"[MASKED]\"}}", "\"value\": \"[MASKED]\"",
                        "\"value\": \"https://example.com/login?next=[MASKED]\"");
    }

    /** A zip of {@code entries}, in name order: a value starting with {@code ->} makes a symlink to the rest. */
    private static byte[] zip(Map<String, String> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(bytes)) {
            for (Map.Entry<String, String> e : new java.util.TreeMap<>(entries).entrySet()) {
                ZipArchiveEntry entry = new ZipArchiveEntry(e.getKey());
                String content = e.getValue();
                if (content.startsWith("->")) {
                    entry.setUnixMode(0120777);
                    content = content.substring(2);
                }
                out.putArchiveEntry(entry);
                out.write(content.getBytes(StandardCharsets.UTF_8));
                out.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    private void runOnce() throws Exception {
        try (RunnerCli cli = RunnerCli.start(env(), "run", "--once")) {
            assertThat(cli.awaitExit(JOB_WAIT)).as(cli.stderr()).isZero();
        }
    }

    private Map<String, String> env() {
        Map<String, String> env = RunnerCli.pollingEnv(gitlab.url(), runner.token(), work);
        return env;
    }
}
