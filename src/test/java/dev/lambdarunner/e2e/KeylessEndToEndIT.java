package dev.lambdarunner.e2e;

import dev.lambdarunner.testsupport.FakeJob;
import dev.lambdarunner.testsupport.FakeOidcIssuer;
import dev.lambdarunner.testsupport.FinalReport;
import dev.lambdarunner.testsupport.JobSpec;
import dev.lambdarunner.testsupport.MotoServerExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static dev.lambdarunner.e2e.E2eRunner.JOB_WAIT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keyless AWS through the packaged CLI: jobs carry GitLab ID tokens (minted by the fake when the runner takes
 * them), the runner verifies them against a JWKS on loopback and exchanges them with moto's STS, and real
 * Terraform shows what it got. The runner's own AWS credentials are in its environment all along.
 */
class KeylessEndToEndIT {

    private static final String PLAN = "arn:aws:iam::123456789012:role/tf-plan";
    private static final String APPLY = "arn:aws:iam::123456789012:role/tf-apply";
    private static final String AUDIENCE = "https://gitlab.example.com/aws";
    private static final String RUNNER_KEY = "AKIARUNNEROWN" + (System.nanoTime() % 10_000_000);
    private static final String RUNNER_SECRET = "runner-own-secret-" + System.nanoTime();
    private static final String RUNNER_SESSION = "runner-own-session-" + System.nanoTime();

    @RegisterExtension
    static final E2eRunner e2e = new E2eRunner();
    @RegisterExtension
    static final MotoServerExtension moto = new MotoServerExtension();
    static FakeOidcIssuer issuer;
    static String python;

    @BeforeAll
    static void start() throws Exception {
        issuer = FakeOidcIssuer.start();
        python = pythonWithBoto3();
    }

    @AfterAll
    static void stop() {
        issuer.close();
    }

    @Test
    void jobsGetTheRoleTheirTokenAllowsMaskedAndNothingOfTheRunnersOwn() throws Exception {
        FakeJob apply = e2e.enqueue(awsProbe(true).idToken("GITLAB_OIDC_TOKEN", this::validToken).build());
        FakeJob plan = e2e.enqueue(awsProbe(false).idToken("GITLAB_OIDC_TOKEN", this::validToken).build());
        FakeJob wrongAudience = e2e.enqueue(awsProbe(true)
                .idToken("GITLAB_OIDC_TOKEN", job -> issuer.token().audience("sts.amazonaws.com").job(job).sign()).build());
        FakeJob noToken = e2e.enqueue(JobSpec.builder().repo(e2e.repo("envprobe")).protectedRef(true)
                .script("terraform init -input=false", "terraform apply -auto-approve").build());

        String stderr = e2e.runUntilFinished(env(), apply, plan, wrongAudience, noToken).stderr();

        assertGranted(apply, "apply", "", "tf-apply");
        assertGranted(plan, "plan", "; ref 'main' is not protected", "tf-plan");
        assertRefused(wrongAudience);
        assertNoAwsCredentials(noToken);
        assertThat(stderr).contains("\"Assuming role... done job_id=" + apply.id() + " role=apply session=gl-infra-awsprobe-" + apply.id())
                .contains("Verifying ID token... refused job_id=" + wrongAudience.id() + " check=audience")
                .doesNotContain("eyJ", "ASIA", "tf-apply", "tf-plan", RUNNER_SECRET);
    }

    private void assertGranted(FakeJob job, String kind, String reason, String roleName) {
        FinalReport report = job.awaitFinished(JOB_WAIT);
        String trace = job.trace();
        String session = "gl-infra-awsprobe-" + job.id();
        assertThat(report.status()).as(trace).isEqualTo("success");
        assertThat(trace)
                .contains("Using keyless AWS (" + kind + " role, session " + session + reason + ") credentials: "
                        + "AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_REGION, AWS_DEFAULT_REGION")
                // Terraform's children had working credentials for exactly this role and session...
                .contains("caller=arn:aws:sts::123456789012:assumed-role/" + roleName + "/" + session)
                .contains("key_prefix=ASIA key_length=20")
                // ...and the trace shows none of them, while the region stays readable
                .contains("AWS_ACCESS_KEY_ID=[MASKED]", "AWS_SECRET_ACCESS_KEY=[MASKED]", "AWS_SESSION_TOKEN=[MASKED]",
                        "AWS_REGION=eu-west-1", "AWS_DEFAULT_REGION=eu-west-1", "Apply complete!")
                .doesNotContainPattern("ASIA[A-Z0-9]{16}")
                // the ID token was used up by the runner: the job cannot exchange it for a role itself
                .doesNotContain("GITLAB_OIDC_TOKEN=")
                .doesNotContain("FQoGZXIvYXdz", RUNNER_KEY, RUNNER_SECRET, RUNNER_SESSION, "eyJ");
    }

    private static void assertRefused(FakeJob job) {
        FinalReport report = job.awaitFinished(JOB_WAIT);
        String trace = job.trace();
        assertThat(report.status()).isEqualTo("failed");
        assertThat(report.failureReason()).isEqualTo("script_failure");
        assertThat(trace).contains("ERROR: Job failed: getting credentials: keyless AWS: ID token GITLAB_OIDC_TOKEN: "
                        + "audience: the token is for ['sts.amazonaws.com'], the runner expects '" + AUDIENCE + "'")
                .doesNotContain("Getting source from Git repository", "$ terraform", "Using keyless AWS", "AWS_ACCESS_KEY_ID");
    }

    private static void assertNoAwsCredentials(FakeJob job) {
        FinalReport report = job.awaitFinished(JOB_WAIT);
        String trace = job.trace();
        assertThat(report.status()).as(trace).isEqualTo("success");
        assertThat(trace).contains("TF_IN_AUTOMATION=true", "Apply complete!")
                .doesNotContain("Using keyless AWS", "AWS_", RUNNER_KEY, RUNNER_SECRET, RUNNER_SESSION);
    }

    private String validToken(FakeJob job) {
        return issuer.token().audience(AUDIENCE).job(job).sign();
    }

    private static JobSpec.Builder awsProbe(boolean protectedRef) {
        return JobSpec.builder().repo(e2e.repo("awsprobe")).protectedRef(protectedRef)
                .variable("TF_VAR_python", python).variable("TF_VAR_sts_endpoint", moto.server().endpoint().toString())
                .script("terraform init -input=false", "terraform apply -auto-approve");
    }

    private Map<String, String> env() {
        Map<String, String> env = e2e.pollingEnv();
        env.put("RUNNER_SHUTDOWN_GRACE", "PT5S");
        env.put("RUNNER_KEYLESS_PLAN_ROLE_ARN", PLAN);
        env.put("RUNNER_KEYLESS_APPLY_ROLE_ARN", APPLY);
        env.put("RUNNER_KEYLESS_AUDIENCE", AUDIENCE);
        env.put("RUNNER_KEYLESS_APPLY_PROJECTS", "infra/awsprobe,infra/other");
        env.put("RUNNER_KEYLESS_ISSUER", issuer.issuer());
        env.put("AWS_REGION", "eu-west-1");
        env.put("AWS_ENDPOINT_URL_STS", moto.server().endpoint().toString());
        // the runner's own role, as Lambda puts it into the function's environment
        env.put("AWS_ACCESS_KEY_ID", RUNNER_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", RUNNER_SECRET);
        env.put("AWS_SESSION_TOKEN", RUNNER_SESSION);
        return env;
    }

    /** The python that has boto3 (moto's own), by absolute path: the job's PATH is fixed and knows no pyenv. */
    private static String pythonWithBoto3() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("python3", "-c", "import boto3, sys; print(sys.executable)")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("finding a python3 with boto3 on PATH (moto's): " + out);
        }
        return out;
    }
}
