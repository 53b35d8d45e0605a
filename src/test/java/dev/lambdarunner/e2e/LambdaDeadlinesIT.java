package dev.lambdarunner.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lambdarunner.testsupport.FakeGitLab;
import dev.lambdarunner.testsupport.FakeJob;
import dev.lambdarunner.testsupport.FakeRepo;
import dev.lambdarunner.testsupport.JobSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jar as the Lambda entry (like {@link LambdaEntryIT}) with the headers Lambda may send, events it
 * cannot read, and a GitLab answering 503 with {@code Retry-After}: to {@code jobs/request} (no retry once a job no
 * longer fits) and to the final PUT (given up in time, with a clear log line, before the invocation's deadline).
 * A job needs 8 s + 10 s reserve + 3 s long poll = 21 s of an invocation.
 */
class LambdaDeadlinesIT {

    private static final Duration WAIT = E2eRunner.JOB_WAIT;
    private static final Duration INVOCATION = Duration.ofSeconds(24);
    private static final FunctionTimes TIMES = new FunctionTimes("PT3S", "PT8S", "PT10S", "PT3S");

    @RegisterExtension
    static final E2eRunner e2e = new E2eRunner();

    @Test
    void everyHeaderAndBadEventIsAnsweredAndNoWaitOutlivesTheDeadline() throws Exception {
        FakeGitLab gitlab = e2e.gitlab();
        FakeRepo repo = e2e.repo("slow");
        try (FakeRuntimeApi lambda = new FakeRuntimeApi(); RunnerCli function = e2e.start(TIMES.env(lambda, e2e.pollingEnv()))) {
            headersLambdaMaySend(lambda, function);
            badEvents(lambda, function);
            noJobRequestRetryOnceAJobNoLongerFits(gitlab, lambda, function);
            finalPutStormIsGivenUpBeforeTheDeadline(gitlab, repo, lambda, function);

            assertThat(function.stderr() + function.stdout()).doesNotContain(e2e.runner().token())
                    .doesNotContain("NullPointerException", "\tat com.fasterxml", "\tat dev.lambdarunner");
            function.terminate();
            function.awaitExit(WAIT);
        }
    }

    private static void headersLambdaMaySend(FakeRuntimeApi lambda, RunnerCli function) throws Exception {
        String id = lambda.invoke("{\"trigger\":\"keepalive\"}", Duration.ofSeconds(5), Map.of(
                "Lambda-Runtime-Client-Context", "{\"client\":{\"installation_id\":\"i-1\",\"app_title\":\"t\"},"
                        + "\"custom\":{\"team\":\"sre\"},\"env\":{\"platform\":\"linux\"}}",
                "Lambda-Runtime-Cognito-Identity", "{\"cognitoIdentityId\":\"us-east-1:abc\","
                        + "\"cognitoIdentityPoolId\":\"us-east-1:pool\"}",
                "Lambda-Runtime-Trace-Id", "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"));

        JsonNode summary = lambda.awaitAnswer(id, "response", function, WAIT);
        assertThat(summary.path("stopped").asText()).as("a 5 s invocation fits no job").isEqualTo("no_time_left");
    }

    private static void badEvents(FakeRuntimeApi lambda, RunnerCli function) throws Exception {
        Map<String, String> events = Map.of(
                "[{\"trigger\":\"schedule\"}]", "it is a JSON array, not an object",
                "{\"a\":".repeat(2000) + "1" + "}".repeat(2000), "it is nested deeper than 64 levels",
                "trigger=schedule", "it is not JSON");
        for (Map.Entry<String, String> event : events.entrySet()) {
            String id = lambda.invoke(event.getKey(), Duration.ofSeconds(30));
            JsonNode error = lambda.awaitAnswer(id, "error", function, WAIT);
            assertThat(error.path("errorType").asText()).isEqualTo("dev.lambdarunner.lambda.UnknownEventException");
            assertThat(error.path("errorMessage").asText()).startsWith("reading the Lambda event: " + event.getValue());
        }
    }

    private static void noJobRequestRetryOnceAJobNoLongerFits(FakeGitLab gitlab, FakeRuntimeApi lambda,
                                                              RunnerCli function) throws Exception {
        int before = gitlab.requests("POST", "/api/v4/jobs/request").size();
        gitlab.faults().failNext("/api/v4/jobs/request", 503, 5, Map.of("Retry-After", "5"));

        String id = lambda.invoke("{\"trigger\":\"schedule\"}", INVOCATION);
        JsonNode summary = lambda.awaitAnswer(id, "response", function, WAIT);

        assertThat(gitlab.requests("POST", "/api/v4/jobs/request")).as("a retry 5 s later would leave under 21 s")
                .hasSize(before + 1);
        // a job would still fit now, only not after the 5 s wait: the 503 is the answer, and a sweep ends there
        assertThat(summary.path("stopped").asText()).isEqualTo("idle");
        assertThat(summary.path("detail").asText()).contains("kept failing (last status 503)");
        assertThat(function.stderr() + function.stdout()).contains("giving up, no time left");
        gitlab.faults().clear();
    }

    private static void finalPutStormIsGivenUpBeforeTheDeadline(FakeGitLab gitlab, FakeRepo repo,
                                                                FakeRuntimeApi lambda, RunnerCli function)
            throws Exception {
        FakeJob job = gitlab.enqueue(JobSpec.builder().repo(repo).variable("TF_VAR_marker", "4237")
                .script("terraform init -input=false", "terraform apply -auto-approve").build());
        Instant deadline = Instant.now().plus(INVOCATION);
        String id = lambda.invoke("{\"trigger\":\"schedule\"}", INVOCATION);
        job.awaitStatus("running", WAIT);
        gitlab.faults().failNext("/api/v4/jobs/" + job.id(), 503, 10_000, Map.of("Retry-After", "2"));

        JsonNode summary = lambda.awaitAnswer(id, "response", function, WAIT);

        assertThat(lambda.answered(id)).get().as("answered before the invocation's deadline").matches(deadline::isAfter);
        assertThat(summary.path("jobs_run").asInt()).isEqualTo(1);
        assertThat(job.finalReports()).as("every final PUT was refused").isZero();
        assertThat(job.trace()).contains("stopped by the runner's maximum job timeout of PT8S");
        assertThat(function.stderr() + function.stdout())
                .contains("Submitting job to coordinator... gave up, no time left before the report deadline job="
                        + job.id());
        assertThat(LeftoverProcesses.remainingAfter("sleep 4237", Duration.ofSeconds(5))).isEmpty();
        gitlab.faults().clear();
    }
}
