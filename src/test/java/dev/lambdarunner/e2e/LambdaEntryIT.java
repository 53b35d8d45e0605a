package dev.lambdarunner.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lambdarunner.testsupport.FakeJob;
import dev.lambdarunner.testsupport.JobSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged application started the way Lambda starts a runtime: no arguments, {@code AWS_LAMBDA_RUNTIME_API}
 * set. It must not run the CLI (picocli would fail on the empty argv: an init error), but serve invocations from
 * the Runtime API, with the deadline Lambda gives each one, until it is stopped.
 */
class LambdaEntryIT {

    private static final Duration WAIT = E2eRunner.JOB_WAIT;

    @RegisterExtension
    static final E2eRunner e2e = new E2eRunner();

    @Test
    void withTheRuntimeApiSetTheJarServesInvocationsInsteadOfRunningTheCli() throws Exception {
        try (FakeRuntimeApi lambda = new FakeRuntimeApi()) {
            FakeJob job = e2e.enqueue(JobSpec.builder().repo(e2e.repo("ok"))
                    .script("terraform init -input=false", "terraform apply -auto-approve").build());
            String sweep = lambda.invoke("{\"trigger\":\"schedule\"}", Duration.ofMinutes(15));

            try (RunnerCli function = e2e.start(FunctionTimes.ROOMY.env(lambda, e2e.pollingEnv()))) {
                JsonNode summary = lambda.awaitAnswer(sweep, "response", function, WAIT);
                assertThat(summary.path("jobs_run").asInt()).isEqualTo(1);
                assertThat(summary.path("succeeded").asInt()).isEqualTo(1);
                assertThat(summary.path("stopped").asText()).isEqualTo("idle");
                assertThat(job.awaitFinished(WAIT).status()).as(job.trace()).isEqualTo("success");

                int requests = e2e.gitlab().requests("POST", "/api/v4/jobs/request").size();
                String late = lambda.invoke("{\"trigger\":\"keepalive\"}", Duration.ofSeconds(40));
                JsonNode refused = lambda.awaitAnswer(late, "response", function, WAIT);
                assertThat(refused.path("stopped").asText()).isEqualTo("no_time_left");
                assertThat(refused.path("detail").asText()).contains("left in this invocation", "= PT50S");
                assertThat(e2e.gitlab().requests("POST", "/api/v4/jobs/request"))
                        .as("no poll that could outlive the invocation").hasSize(requests);

                String unknown = lambda.invoke("{\"detail-type\":\"Object Created\"}", Duration.ofMinutes(1));
                JsonNode error = lambda.awaitAnswer(unknown, "error", function, WAIT);
                assertThat(error.path("errorType").asText()).isEqualTo("dev.lambdarunner.lambda.UnknownEventException");
                assertThat(error.path("errorMessage").asText()).contains("unknown event with fields [detail-type]");

                assertThat(function.isAlive()).as("waits for the next invocation").isTrue();
                assertThat(lambda.initFailed()).isFalse();
                assertThat(function.stdout()).doesNotContain("Usage:");
                assertThat(function.stderr()).doesNotContain("Usage:", "Missing required subcommand")
                        .doesNotContain(e2e.runner().token());
                function.terminate();
                function.awaitExit(WAIT);
            }
        }
    }
}
