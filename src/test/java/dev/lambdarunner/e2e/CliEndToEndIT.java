package dev.lambdarunner.e2e;

import dev.lambdarunner.testsupport.FakeJob;
import dev.lambdarunner.testsupport.FinalReport;
import dev.lambdarunner.testsupport.JobSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;

import static dev.lambdarunner.e2e.E2eRunner.JOB_WAIT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged CLI, started as a user starts it, runs real Terraform jobs from the GitLab fake. Every test
 * checks what GitLab ends up holding, and that nothing of the job is left behind.
 */
class CliEndToEndIT {

    private static final String RUNNER_AWS_KEY = "runner-own-aws-key-" + System.nanoTime();

    @RegisterExtension
    static final E2eRunner e2e = new E2eRunner();

    @Test
    void runsAPlanAndApplyJobAndMasksTheSecretTerraformPrints() throws Exception {
        FakeJob job = e2e.enqueue(JobSpec.builder().repo(e2e.repo("ok"))
                .maskedVariable("TF_VAR_secret", "s3cr3t-value-4242")
                .variable("TF_VAR_greeting", "bonjour")
                .script("terraform init -input=false", "terraform plan -out=plan.cache", "terraform apply plan.cache")
                .build());

        e2e.runOnce(env());

        FinalReport report = job.awaitFinished(JOB_WAIT);
        String trace = job.trace();
        assertThat(report.status()).as(trace).isEqualTo("success");
        assertThat(report.bytesize()).isEqualTo(job.traceBytes().length);
        assertThat(report.finalReports()).isEqualTo(1);
        assertThat(trace).contains("$ terraform init -input=false", "Apply complete! Resources: 1 added",
                "greeting = \"bonjour\"", "leaked_secret = \"[MASKED]\"", "section_start:", ":step_script",
                "Job succeeded").doesNotContain("s3cr3t-value-4242");
    }

    @Test
    void aTerraformErrorFailsTheJobWithItsExitCode() throws Exception {
        FakeJob job = e2e.enqueue(JobSpec.builder().repo(e2e.repo("broken"))
                .script("terraform init -input=false", "terraform plan", "terraform apply -auto-approve").build());

        e2e.runOnce(env());

        FinalReport report = job.awaitFinished(JOB_WAIT);
        assertThat(report.status()).isEqualTo("failed");
        assertThat(report.failureReason()).isEqualTo("script_failure");
        assertThat(report.exitCode()).isEqualTo(1);
        assertThat(job.trace()).contains("Reference to undeclared resource", "ERROR: Job failed: exit code 1")
                .doesNotContain("$ terraform apply");
    }

    @Test
    void aRefusedLineFailsTheJobBeforeAnythingRuns() throws Exception {
        FakeJob job = e2e.enqueue(JobSpec.builder().repo(e2e.repo("ok"))
                .script("terraform init -input=false", "terraform apply -auto-approve | tee apply.log").build());

        e2e.runOnce(env());

        FinalReport report = job.awaitFinished(JOB_WAIT);
        assertThat(report.failureReason()).isEqualTo("script_failure");
        assertThat(job.trace()).contains("refused script line 'terraform apply -auto-approve | tee apply.log'")
                .doesNotContain("Initializing", "$ terraform init");
    }

    @Test
    void cancelStopsTerraformGracefullyRunsAfterScriptAndLeavesNoProcess() throws Exception {
        FakeJob job = e2e.enqueue(JobSpec.builder().repo(e2e.repo("slow")).variable("TF_VAR_marker", "417")
                .script("terraform init -input=false", "terraform apply -auto-approve")
                .afterScript("terraform version").build());

        try (RunnerCli cli = e2e.start(env(), "run", "--once")) {
            job.awaitTraceContains("Provisioning with 'local-exec'", JOB_WAIT);
            job.cancel();
            assertThat(cli.awaitExit(JOB_WAIT)).isZero();
        }

        FinalReport report = job.awaitFinished(JOB_WAIT);
        assertThat(report.status()).isEqualTo("canceled");
        assertThat(job.trace()).contains("Interrupt received", "Running after_script", "Terraform v1");
        assertThat(LeftoverProcesses.remainingAfter("sleep 417", Duration.ofSeconds(5))).isEmpty();
    }

    @Test
    void onceWaitsForTheJobHoweverLongItTakesWhenNoStopWasAsked() throws Exception {
        FakeJob job = e2e.enqueue(JobSpec.builder().repo(e2e.repo("slow")).variable("TF_VAR_marker", "4")
                .script("terraform init -input=false", "terraform apply -auto-approve").build());
        Map<String, String> env = env();
        env.put("RUNNER_SHUTDOWN_GRACE", "PT1S"); // applies to a stop only, not to a job that is simply running

        e2e.runOnce(env);

        FinalReport report = job.awaitFinished(JOB_WAIT);
        assertThat(report.status()).as(job.trace()).isEqualTo("success");
    }

    @Test
    void aJobOverItsTimeoutIsStoppedAndReportedAsTimeout() throws Exception {
        FakeJob job = e2e.enqueue(JobSpec.builder().repo(e2e.repo("slow")).variable("TF_VAR_marker", "418")
                .timeoutSeconds(6).script("terraform init -input=false", "terraform apply -auto-approve").build());

        long start = System.nanoTime();
        e2e.runOnce(env());

        FinalReport report = job.awaitFinished(JOB_WAIT);
        assertThat(report.failureReason()).isEqualTo("job_execution_timeout");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("stopped, not left to sleep its 418 s")
                .isLessThan(Duration.ofSeconds(418));
        assertThat(LeftoverProcesses.remainingAfter("sleep 418", Duration.ofSeconds(5))).isEmpty();
    }

    @Test
    void theRunnersOwnEnvironmentNeverReachesTerraform() throws Exception {
        FakeJob job = e2e.enqueue(JobSpec.builder().repo(e2e.repo("envprobe"))
                .variable("JOB_VISIBLE", "yes-visible")
                .script("terraform init -input=false", "terraform apply -auto-approve").build());

        e2e.runOnce(env());

        assertThat(job.awaitFinished(JOB_WAIT).status()).isEqualTo("success");
        assertThat(job.trace())
                .contains("JOB_VISIBLE=yes-visible", "TF_IN_AUTOMATION=true", "CI_PROJECT_DIR=" + e2e.work().toRealPath(),
                        "CI_JOB_TOKEN=[MASKED]")
                .doesNotContain(RUNNER_AWS_KEY, "AWS_SECRET_ACCESS_KEY", "RUNNER_GITLAB_TOKEN", "RUNNER_CANARY",
                        e2e.runner().token());
    }

    @Test
    void sigtermStopsTheRunningJobReportsItAndLeavesNoProcess() throws Exception {
        FakeJob job = e2e.enqueue(JobSpec.builder().repo(e2e.repo("slow")).variable("TF_VAR_marker", "419")
                .script("terraform init -input=false", "terraform apply -auto-approve").build());
        Map<String, String> env = env();
        env.put("RUNNER_SHUTDOWN_GRACE", "PT1S");

        try (RunnerCli cli = e2e.start(env, "run")) {
            job.awaitTraceContains("Provisioning with 'local-exec'", JOB_WAIT);
            cli.terminate();
            cli.awaitExit(JOB_WAIT);
        }

        FinalReport report = job.awaitFinished(Duration.ofSeconds(5));
        assertThat(report.status()).isEqualTo("failed");
        assertThat(report.failureReason()).isEqualTo("runner_interrupted");
        assertThat(job.trace()).contains("the runner is shutting down");
        assertThat(LeftoverProcesses.remainingAfter("sleep 419", Duration.ofSeconds(5))).isEmpty();
    }

    @Test
    void recoversFromRateLimitsServerErrorsARangeResyncAndADelayedFinalUpdate() throws Exception {
        FakeJob job = e2e.enqueue(JobSpec.builder().repo(e2e.repo("ok"))
                .script("terraform init -input=false", "terraform apply -auto-approve").build());
        e2e.gitlab().faults()
                .failNext("/api/v4/jobs/request", 429, 1, Map.of("Retry-After", "1"))
                .failNext("/api/v4/jobs/\\d+/trace", 503, 2)
                .traceRangeMismatchOnce(job.id(), 0)
                .finalPut202(job.id(), 2);

        e2e.runOnce(env());

        FinalReport report = job.awaitFinished(JOB_WAIT);
        assertThat(report.status()).isEqualTo("success");
        assertThat(report.finalReports()).isEqualTo(1);
        assertThat(report.bytesize()).isEqualTo(job.traceBytes().length);
        assertThat(job.trace()).startsWith("Running with").contains("Apply complete!").endsWith("Job succeeded\u001b[0;m\n");
        assertThat(e2e.gitlab().requests("POST", "/api/v4/jobs/request").stream().filter(r -> r.status() == 429)).hasSize(1);
    }

    @Test
    void aJobGitLabRefusesMidRunIsStoppedAndNotReportedAgain() throws Exception {
        FakeJob job = e2e.enqueue(JobSpec.builder().repo(e2e.repo("slow")).variable("TF_VAR_marker", "421")
                .script("terraform init -input=false", "terraform apply -auto-approve").build());
        e2e.gitlab().faults().forbidTraceAfter(job.id(), 1000);

        e2e.runOnce(env());

        FinalReport report = job.awaitFinished(JOB_WAIT);
        assertThat(report.status()).isEqualTo("failed");
        assertThat(report.reportedState()).as("no final PUT after GitLab refused the job").isNull();
        assertThat(LeftoverProcesses.remainingAfter("sleep 421", Duration.ofSeconds(5))).isEmpty();
    }

    @Test
    void aRejectedTokenExitsNonZeroWithAClearMessage() throws Exception {
        Map<String, String> env = env();
        env.put("RUNNER_GITLAB_TOKEN", "glrt-not-a-known-token");

        try (RunnerCli cli = e2e.start(env, "run", "--once")) {
            assertThat(cli.awaitExit(JOB_WAIT)).isEqualTo(1);
            assertThat(cli.stderr()).contains("GitLab rejected the runner token", "403")
                    .doesNotContain("glrt-not-a-known-token").doesNotContain("Exception");
        }
    }

    @Test
    void verifySaysWhetherTheTokenIsValid() throws Exception {
        try (RunnerCli ok = e2e.start(env(), "verify")) {
            assertThat(ok.awaitExit(JOB_WAIT)).isZero();
            assertThat(ok.stdout()).contains("runner token is valid");
        }
        Map<String, String> env = env();
        env.put("RUNNER_GITLAB_TOKEN", "glrt-wrong");
        try (RunnerCli bad = e2e.start(env, "verify")) {
            assertThat(bad.awaitExit(JOB_WAIT)).isEqualTo(1);
            assertThat(bad.stderr()).contains("GitLab rejected the runner token");
        }
    }

    @Test
    void everyCommandHasHelpAndMissingSettingsAreNamed() throws Exception {
        for (String[] args : new String[][] {{"--help"}, {"run", "--help"}, {"verify", "--help"}, {"keepalive", "--help"}}) {
            try (RunnerCli cli = e2e.start(Map.of(), args)) {
                assertThat(cli.awaitExit(JOB_WAIT)).isZero();
                assertThat(cli.stdout()).contains("Usage:");
            }
        }
        try (RunnerCli cli = e2e.start(Map.of(), "run", "--once")) {
            assertThat(cli.awaitExit(JOB_WAIT)).isEqualTo(2);
            assertThat(cli.stderr()).contains("missing GitLab URL: pass --url or set RUNNER_GITLAB_URL");
        }
    }

    private Map<String, String> env() {
        Map<String, String> env = e2e.pollingEnv();
        env.put("RUNNER_SANDBOX_KILL_GRACE", "PT5S");
        // what must never reach a job: the runner's own credentials and environment
        env.put("AWS_SECRET_ACCESS_KEY", RUNNER_AWS_KEY);
        env.put("RUNNER_CANARY", "runner-canary-value");
        return env;
    }
}
