package dev.lambdarunner.e2e;

import dev.lambdarunner.testsupport.FakeJob;
import dev.lambdarunner.testsupport.FinalReport;
import dev.lambdarunner.testsupport.JobSpec;
import dev.lambdarunner.testsupport.JobSpec.Artifact;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static dev.lambdarunner.e2e.E2eRunner.JOB_WAIT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 9, items 6 and 7, through the packaged CLI with real Terraform: a dependency archive whose symlinks lead
 * outside only together and only once followed, a plan saved in a directory the job made reaching the next job, and
 * a masked value that Terraform prints escaped (JSON, quoted) and percent-encoded.
 */
class LinkChainsAndEscapedSecretsIT {

    @RegisterExtension
    static final E2eRunner e2e = new E2eRunner();

    /**
     * The project directory is {@code <work>/builds/<job>-<random>/project}. {@code d/e/f/l -> ../../..} leads to
     * the project directory, and {@code a -> d/e/f/l/../../../<marker>} reads as {@code d/<marker>}, but followed it
     * leads to {@code <work>/<marker>}, which does not exist yet: the job's {@code terraform plan -out=a} would
     * create it there, outside the job's workspace, where it outlives the job.
     */
    @Test
    void aDependencyArchiveWhoseLinksLeadOutsideTogetherIsRefused() throws Exception {
        String marker = "escaped-" + System.nanoTime();
        FakeJob evil = e2e.gitlab().finishedJobWithArchive("evil-build", ArtifactZip.of(Map.of(
                "a", "->d/e/f/l/../../../" + marker, "d/", "", "d/e/", "", "d/e/f/", "",
                "d/e/f/l", "->../../..")));
        FakeJob job = e2e.enqueue(JobSpec.builder().repo(e2e.repo("ok")).dependencies(evil)
                .script("terraform init -input=false", "terraform plan -out=a").build());
        e2e.runOnce(e2e.pollingEnv());

        FinalReport report = job.awaitFinished(JOB_WAIT);
        assertThat(report.status()).as(job.trace()).isEqualTo("failed");
        assertThat(report.failureReason()).isEqualTo("script_failure");
        assertThat(job.trace()).contains("downloading artifacts of dependency evil-build (" + evil.id() + "): refused:",
                "entry 'd/e/f/l': a symlink here would redirect the symlink a").doesNotContain("$ terraform plan");
        assertThat(e2e.work().resolve(marker)).as("where the chain leads").doesNotExist();
        e2e.assertNothingNamedInWork(marker);
    }

    /** Job 1 makes build/out, saves its plan there and uploads that one file; job 2 gets it as a dependency. */
    @Test
    void aPlanSavedInADirectoryTheJobMadeReachesTheNextJob() throws Exception {
        FakeJob plan = e2e.enqueue(JobSpec.builder().name("plan").repo(e2e.repo("nested-out"))
                .script("terraform init -input=false", "terraform apply -auto-approve",
                        "terraform plan -out=build/out/plan.cache")
                .artifact(Artifact.archive("build/out/plan.cache")).build());
        e2e.runOnce(e2e.pollingEnv());
        assertThat(plan.awaitFinished(JOB_WAIT).status()).as(plan.trace()).isEqualTo("success");

        FakeJob show = e2e.enqueue(JobSpec.builder().name("show").repo(e2e.repo("nested-out")).dependencies(plan)
                .script("terraform init -input=false", "terraform show build/out/plan.cache").build());
        e2e.runOnce(e2e.pollingEnv());

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
        FakeJob job = e2e.enqueue(JobSpec.builder().repo(e2e.repo("escaped"))
                .maskedVariable("TF_VAR_secret", head + "&<a>\"b\\c d")
                .script("terraform init -input=false", "terraform plan -out=plan.cache",
                        "terraform show -json plan.cache", "terraform apply plan.cache", "terraform output -json")
                .build());
        e2e.runOnce(e2e.pollingEnv());

        FinalReport report = job.awaitFinished(JOB_WAIT);
        String trace = job.trace();
        assertThat(report.status()).as(trace).isEqualTo("success");
        assertThat(trace).doesNotContain(head, "\\u0026\\u003ca\\u003e", "%26%3Ca%3E%22b%5Cc+d", "&<a>\\\"b\\\\c d")
                .contains("input  = \"[MASKED]\"", "leaked_secret = \"[MASKED]\"",
                        "leaked_url = \"https://example.com/login?next=[MASKED]\"",
                        "\"variables\":{\"secret\":{\"value\":\"[MASKED]\"}}", "\"value\": \"[MASKED]\"",
                        "\"value\": \"https://example.com/login?next=[MASKED]\"");
    }
}
