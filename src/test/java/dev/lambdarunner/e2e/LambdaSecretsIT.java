package dev.lambdarunner.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lambdarunner.testsupport.FakeGitLab;
import dev.lambdarunner.testsupport.FakeJob;
import dev.lambdarunner.testsupport.FakeRepo;
import dev.lambdarunner.testsupport.FakeRunner;
import dev.lambdarunner.testsupport.JobSpec;
import dev.lambdarunner.testsupport.MotoLambda;
import dev.lambdarunner.testsupport.MotoServerExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The function as deployed reads its secrets from Secrets Manager and KMS (moto): the secret document is written by
 * the packaged CLI ({@code secrets put}), then the packaged jar runs as the Lambda runtime
 * ({@code AWS_LAMBDA_RUNTIME_API} on a {@link FakeRuntimeApi}) with no runner token or webhook secret in its
 * configuration, only where the secret is. It polls the GitLab fake with the token from the secret, gives jobs the
 * credential sets their ref allows, checks webhooks against the secret's webhook secret and self-invokes on moto's
 * Lambda; a secret encrypted for another runner fails the invocation. No decrypted value reaches the function's log
 * or a job's trace.
 */
class LambdaSecretsIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FUNCTION = "lambda-runner";
    private static final String RUNNER_NAME = "prod";
    private static final String WEBHOOK_SECRET = "whs-" + random();
    private static final String SCW_ACCESS = "SCWACC" + random().substring(0, 14);
    private static final String SCW_SECRET = "scw-secret-" + random();
    private static final String HCLOUD = "hcloud-" + random();
    private static final String[] SETS = {"--credential-set", "scaleway", "--scope", "all-refs",
        "--from-env", "SCW_ACCESS_KEY,SCW_SECRET_KEY", "--credential-set", "hetzner", "--scope", "protected-refs-only",
        "--from-env", "HCLOUD_TOKEN"};

    @RegisterExtension
    static final MotoServerExtension moto = new MotoServerExtension();
    static MotoLambda lambda;
    static String key;
    static FakeGitLab gitlab;
    static FakeRunner runner;
    static FakeRepo envprobe;
    static final String SECRET_ID = "lambda-runner/" + random();

    @TempDir
    Path work;
    private final List<RunnerCli.Output> outputs = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        key = moto.keyArn();
        lambda = MotoLambda.on(moto.server());
        lambda.createFunction(FUNCTION);
        gitlab = FakeGitLab.start().watchSecret("the webhook secret", WEBHOOK_SECRET)
                .watchSecret("the scaleway access key", SCW_ACCESS).watchSecret("the scaleway secret key", SCW_SECRET)
                .watchSecret("the hcloud token", HCLOUD);
        runner = gitlab.addRunner();
        envprobe = gitlab.createRepo("infra/envprobe", Path.of("src/test/resources/terraform/envprobe"));

        Map<String, String> operator = new HashMap<>(moto.server().childEnvironment());
        operator.put("RUNNER_SECRETS_SECRET_ID", SECRET_ID);
        operator.put("RUNNER_SECRETS_KMS_KEY_ID", key);
        operator.put("RUNNER_SECRETS_RUNNER_NAME", RUNNER_NAME);
        operator.put("RUNNER_GITLAB_TOKEN", runner.token());
        operator.put("RUNNER_GITLAB_WEBHOOK_SECRET", WEBHOOK_SECRET);
        operator.put("SCW_ACCESS_KEY", SCW_ACCESS);
        operator.put("SCW_SECRET_KEY", SCW_SECRET);
        operator.put("HCLOUD_TOKEN", HCLOUD);
        String[] put = new String[2 + SETS.length];
        put[0] = "secrets";
        put[1] = "put";
        System.arraycopy(SETS, 0, put, 2, SETS.length);
        try (RunnerCli cli = RunnerCli.start(operator, put)) {
            RunnerCli.Output output = cli.awaitOutput(WAIT);
            assertThat(output.exitCode()).as(output.stderr()).isZero();
            assertThat(output.stdout()).contains("encrypted with " + key + " for runner " + RUNNER_NAME);
            assertNoSecretIn(output);
        }
    }

    @AfterAll
    static void stop() {
        if (gitlab != null) {
            gitlab.close();
        }
    }

    @AfterEach
    void nothingLeaked() {
        gitlab.assertNoViolations(); // includes every decrypted value in every job's trace
        assertThat(outputs).as("the function's output was read").isNotEmpty();
        for (RunnerCli.Output output : outputs) {
            assertThat(output.stdout() + output.stderr()).as("the function's log").contains("Lambda event...");
            assertNoSecretIn(output);
        }
    }

    /** Names the leaked secret, never its value (a test report is a log too). */
    private static void assertNoSecretIn(RunnerCli.Output output) {
        String printed = output.stdout() + output.stderr();
        Map<String, String> secrets = Map.of("the runner token", runner.token(), "the webhook secret", WEBHOOK_SECRET,
                "the scaleway access key", SCW_ACCESS, "the scaleway secret key", SCW_SECRET, "the hcloud token", HCLOUD);
        secrets.forEach((label, value) -> assertThat(printed.contains(value))
                .as("output of '%s' contains %s", output.args(), label).isFalse());
    }

    @Test
    void aScheduledInvocationPollsWithTheSecretsTokenAndGivesEachJobTheCredentialSetsItsRefAllows() throws Exception {
        FakeJob unprotected = gitlab.enqueue(JobSpec.builder().repo(envprobe)
                .script("terraform init -input=false", "terraform apply -auto-approve").build());
        FakeJob protectedJob = gitlab.enqueue(JobSpec.builder().repo(envprobe).protectedRef(true)
                .script("terraform init -input=false", "terraform apply -auto-approve").build());
        int requestsBefore = runner.jobRequests();

        try (FakeRuntimeApi api = new FakeRuntimeApi(); RunnerCli function = function(api, RUNNER_NAME)) {
            String sweep = api.invoke("{\"trigger\":\"schedule\"}", Duration.ofMinutes(15));
            JsonNode summary = api.awaitAnswer(sweep, "response", function, WAIT);

            assertThat(summary.path("jobs_run").asInt()).as(summary.toString()).isEqualTo(2);
            assertThat(summary.path("succeeded").asInt()).isEqualTo(2);
            assertThat(summary.path("stopped").asText()).isEqualTo("idle");
            stop(function);
        }
        assertThat(runner.jobRequests()).as("polled as the runner whose token is in the secret")
                .isGreaterThan(requestsBefore + 2);
        assertThat(unprotected.awaitFinished(WAIT).status()).as(unprotected.trace()).isEqualTo("success");
        assertThat(protectedJob.awaitFinished(WAIT).status()).as(protectedJob.trace()).isEqualTo("success");
        assertThat(unprotected.trace()).contains("Using credential set scaleway (all-refs) credentials",
                "SCW_ACCESS_KEY=[MASKED]", "SCW_SECRET_KEY=[MASKED]").doesNotContain("HCLOUD_TOKEN=", "hetzner");
        assertThat(protectedJob.trace()).contains("hetzner (protected-refs-only)", "HCLOUD_TOKEN=[MASKED]",
                "SCW_ACCESS_KEY=[MASKED]", "SCW_SECRET_KEY=[MASKED]");
    }

    @Test
    void aWebhookWithTheSecretsTokenSelfInvokesAndAWrongOneIs401WithoutPollOrInvoke() throws Exception {
        FakeJob job = gitlab.enqueue(JobSpec.builder().repo(envprobe)
                .script("terraform init -input=false", "terraform apply -auto-approve").build());
        lambda.startRecording();
        int requestsBefore = gitlab.requests("POST", "/api/v4/jobs/request").size();

        try (FakeRuntimeApi api = new FakeRuntimeApi(); RunnerCli function = function(api, RUNNER_NAME)) {
            JsonNode wrong = api.awaitAnswer(api.invoke(webhook(WEBHOOK_SECRET + "x"), Duration.ofMinutes(1)),
                    "response", function, WAIT);
            assertThat(wrong.path("statusCode").asInt()).as(wrong.toString()).isEqualTo(401);
            assertThat(wrong.path("body").asText()).contains("missing or wrong X-Gitlab-Token");
            assertThat(lambda.invocations()).as("no self-invoke for a wrong token").isEmpty();

            JsonNode accepted = api.awaitAnswer(api.invoke(webhook(WEBHOOK_SECRET), Duration.ofMinutes(1)),
                    "response", function, WAIT);
            assertThat(accepted.path("statusCode").asInt()).as(accepted.toString()).isEqualTo(202);
            assertThat(gitlab.requests("POST", "/api/v4/jobs/request")).as("webhooks themselves never poll")
                    .hasSize(requestsBefore);
            List<MotoLambda.Invocation> invocations = lambda.invocations();
            assertThat(invocations).containsExactly(
                    new MotoLambda.Invocation(FUNCTION, "Event", "{\"trigger\":\"webhook\"}"));

            // what Lambda runs next: the function invoked with the payload moto received
            JsonNode summary = api.awaitAnswer(api.invoke(invocations.get(0).payload(), Duration.ofMinutes(15)),
                    "response", function, WAIT);
            assertThat(summary.path("jobs_run").asInt()).as(summary.toString()).isEqualTo(1);
            assertThat(summary.path("succeeded").asInt()).isEqualTo(1);
            stop(function);
        }
        assertThat(job.awaitFinished(WAIT).status()).as(job.trace()).isEqualTo("success");
    }

    @Test
    void aSecretEncryptedForAnotherRunnerFailsTheInvocationSayingSoAndNoJobIsRequested() throws Exception {
        int requestsBefore = gitlab.requests("POST", "/api/v4/jobs/request").size();

        try (FakeRuntimeApi api = new FakeRuntimeApi(); RunnerCli function = function(api, "staging")) {
            JsonNode error = api.awaitAnswer(api.invoke("{\"trigger\":\"schedule\"}", Duration.ofMinutes(5)), "error",
                    function, WAIT);

            assertThat(error.path("errorMessage").asText()).contains("loading the runner secrets",
                    "decrypting secret " + SECRET_ID, "it was encrypted for runner 'prod', this runner is 'staging'");
            assertThat(function.isAlive()).as("serves the next invocation").isTrue();
            assertThat(api.initFailed()).isFalse();
            stop(function);
        }
        assertThat(gitlab.requests("POST", "/api/v4/jobs/request")).as("no job requested").hasSize(requestsBefore);
    }

    /** The packaged jar as the function: configured like the deployed one, secrets only in Secrets Manager. */
    private RunnerCli function(FakeRuntimeApi api, String runnerName) throws Exception {
        Map<String, String> env = FunctionTimes.ROOMY.env(api, moto.server().childEnvironment());
        env.put("AWS_LAMBDA_FUNCTION_NAME", FUNCTION);
        env.put("RUNNER_LAMBDA_ENDPOINT_OVERRIDE", moto.server().endpoint().toString());
        env.put("RUNNER_GITLAB_URL", gitlab.url());
        env.put("RUNNER_SECRETS_SECRET_ID", SECRET_ID);
        env.put("RUNNER_SECRETS_KMS_KEY_ID", key);
        env.put("RUNNER_SECRETS_RUNNER_NAME", runnerName);
        env.put("RUNNER_WORK_DIR", work.toString());
        env.put("RUNNER_GITLAB_CHECK_INTERVAL", "PT0.2S");
        return RunnerCli.start(env);
    }

    /** Ends the function as Lambda ends an execution environment and keeps what it printed for the leak check. */
    private void stop(RunnerCli function) throws InterruptedException {
        function.terminate();
        outputs.add(function.awaitOutput(WAIT));
    }

    /** A Function URL request (payload format 2.0) carrying GitLab's job webhook for a pending job. */
    private static String webhook(String token) throws Exception {
        String hook = "{\"object_kind\":\"build\",\"ref\":\"main\",\"build_id\":4711,\"build_name\":\"plan\","
                + "\"build_stage\":\"test\",\"build_status\":\"pending\",\"project_id\":42,\"runner\":null}";
        return JSON.writeValueAsString(Map.of("version", "2.0", "routeKey", "$default", "rawPath", "/",
                "headers", Map.of("content-type", "application/json", "x-gitlab-event", "Job Hook",
                        "x-gitlab-token", token),
                "requestContext", Map.of("http", Map.of("method", "POST", "path", "/")),
                "body", Base64.getEncoder().encodeToString(hook.getBytes(StandardCharsets.UTF_8)),
                "isBase64Encoded", true));
    }

    private static String random() {
        return UUID.randomUUID().toString().replace("-", "");
    }
}
