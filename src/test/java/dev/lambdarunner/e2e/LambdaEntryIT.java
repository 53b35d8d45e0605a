package dev.lambdarunner.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lambdarunner.testsupport.FakeGitLab;
import dev.lambdarunner.testsupport.FakeJob;
import dev.lambdarunner.testsupport.FakeRepo;
import dev.lambdarunner.testsupport.FakeRunner;
import dev.lambdarunner.testsupport.JobSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged application started the way Lambda starts a runtime: no arguments, {@code AWS_LAMBDA_RUNTIME_API}
 * set. It must not run the CLI (picocli would fail on the empty argv: an init error), but serve invocations from
 * the Runtime API, with the deadline Lambda gives each one, until it is stopped.
 */
class LambdaEntryIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    @Test
    void withTheRuntimeApiSetTheJarServesInvocationsInsteadOfRunningTheCli() throws Exception {
        try (FakeGitLab gitlab = FakeGitLab.start(); FakeRuntimeApi lambda = new FakeRuntimeApi()) {
            FakeRunner runner = gitlab.addRunner();
            FakeRepo repo = gitlab.createRepo("infra/ok", Path.of("src/test/resources/terraform/ok"));
            FakeJob job = gitlab.enqueue(JobSpec.builder().repo(repo)
                    .script("terraform init -input=false", "terraform apply -auto-approve").build());
            String sweep = lambda.invoke("{\"trigger\":\"schedule\"}", Duration.ofMinutes(15));

            try (RunnerCli function = RunnerCli.start(env(gitlab, runner, lambda))) {
                JsonNode summary = answer(lambda, sweep, "response", function);
                assertThat(summary.path("jobs_run").asInt()).isEqualTo(1);
                assertThat(summary.path("succeeded").asInt()).isEqualTo(1);
                assertThat(summary.path("stopped").asText()).isEqualTo("idle");
                assertThat(job.awaitFinished(WAIT).status()).as(job.trace()).isEqualTo("success");

                int requests = gitlab.requests("POST", "/api/v4/jobs/request").size();
                String late = lambda.invoke("{\"trigger\":\"keepalive\"}", Duration.ofSeconds(40));
                JsonNode refused = answer(lambda, late, "response", function);
                assertThat(refused.path("stopped").asText()).isEqualTo("no_time_left");
                assertThat(refused.path("detail").asText()).contains("left in this invocation", "= PT50S");
                assertThat(gitlab.requests("POST", "/api/v4/jobs/request")).as("no poll that could outlive the invocation")
                        .hasSize(requests);

                String unknown = lambda.invoke("{\"detail-type\":\"Object Created\"}", Duration.ofMinutes(1));
                JsonNode error = answer(lambda, unknown, "error", function);
                assertThat(error.path("errorType").asText()).isEqualTo("dev.lambdarunner.lambda.UnknownEventException");
                assertThat(error.path("errorMessage").asText()).contains("unknown event with fields [detail-type]");

                assertThat(function.isAlive()).as("waits for the next invocation").isTrue();
                assertThat(lambda.initFailed()).isFalse();
                assertThat(function.stdout()).doesNotContain("Usage:");
                assertThat(function.stderr()).doesNotContain("Usage:", "Missing required subcommand")
                        .doesNotContain(runner.token());
                function.terminate();
                function.awaitExit(WAIT);
            }
            gitlab.assertNoViolations();
        }
    }

    private static JsonNode answer(FakeRuntimeApi lambda, String requestId, String kind, RunnerCli function)
            throws Exception {
        FakeRuntimeApi.Answer answer;
        try {
            answer = lambda.awaitAnswer(requestId, WAIT);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no answer to " + requestId + "\nstderr:\n" + function.stderr(), e);
        }
        assertThat(answer.kind()).as(answer.body()).isEqualTo(kind);
        return JSON.readTree(answer.body());
    }

    private Map<String, String> env(FakeGitLab gitlab, FakeRunner runner, FakeRuntimeApi lambda) {
        Map<String, String> env = RunnerCli.pollingEnv(gitlab.url(), runner.token(), work);
        env.put("AWS_LAMBDA_RUNTIME_API", lambda.address());
        env.put("RUNNER_GITLAB_REQUEST_TIMEOUT", "PT5S");
        env.put("RUNNER_MAX_JOB_TIMEOUT", "PT30S");
        env.put("RUNNER_LAMBDA_RESERVE", "PT15S");
        env.put("RUNNER_SANDBOX_KILL_GRACE", "PT5S");
        return env;
    }
}
