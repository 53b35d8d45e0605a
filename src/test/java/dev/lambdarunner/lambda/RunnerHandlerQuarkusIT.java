package dev.lambdarunner.lambda;

import dev.lambdarunner.e2e.LeftoverProcesses;
import dev.lambdarunner.e2e.LeftoverWorkspaces;
import dev.lambdarunner.testsupport.FakeGitLab;
import dev.lambdarunner.testsupport.FakeJob;
import dev.lambdarunner.testsupport.FinalReport;
import dev.lambdarunner.testsupport.JobSpec;
import dev.lambdarunner.testsupport.MotoLambda;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The function's handler through Quarkus's mock Lambda event server, polling the GitLab fake and running real
 * Terraform, with moto's Lambda receiving the webhook's self-invoke. Invocation deadlines come from
 * {@link FixedDeadlines}: the mock event server sends none.
 */
@QuarkusTest
@TestProfile(LambdaTestProfile.class)
class RunnerHandlerQuarkusIT {

    private static final Duration JOB_WAIT = Duration.ofSeconds(60);

    @AfterEach
    void nothingLeftBehind() throws IOException {
        FixedDeadlines.reset();
        gitlab().assertNoViolations();
        LeftoverWorkspaces.assertNoneIn(LambdaTestResource.workDir());
    }

    @Test
    void aScheduledSweepRunsTheQueuedTerraformJobReportsItAndEndsWhenTheQueueIsEmpty() {
        FakeJob job = gitlab().enqueue(JobSpec.builder().repo(LambdaTestResource.repo("ok"))
                .maskedVariable("TF_VAR_secret", "lambda-s3cr3t-5150")
                .script("terraform init -input=false", "terraform plan -out=plan.cache", "terraform apply plan.cache")
                .build());

        JsonPath summary = invoke(Map.of("trigger", "schedule")).then().statusCode(200).extract().jsonPath();

        assertThat(summary.getInt("jobs_run")).isEqualTo(1);
        assertThat(summary.getInt("succeeded")).isEqualTo(1);
        assertThat(summary.getInt("failed")).isZero();
        assertThat(summary.getString("stopped")).isEqualTo("idle");
        assertThat(summary.getString("detail")).contains("no job pending");
        FinalReport report = job.awaitFinished(JOB_WAIT);
        assertThat(report.status()).as(job.trace()).isEqualTo("success");
        assertThat(report.finalReports()).isEqualTo(1);
        assertThat(report.bytesize()).isEqualTo(job.traceBytes().length);
        assertThat(report.checksum()).startsWith("crc32:"); // matched against the stored trace by the fake
        assertThat(job.trace()).contains("Apply complete! Resources: 1 added", "leaked_secret = \"[MASKED]\"",
                "Job succeeded").doesNotContain("lambda-s3cr3t-5150");
        assertThat(LambdaTestResource.workDir().resolve("plugin-cache")).as("kept for warm invocations").isDirectory();
    }

    @Test
    void aWebhookWithoutOrWithAWrongTokenIsRefusedWith401AndNothingHappens() {
        int requestsBefore = jobRequests();
        moto().startRecording();

        Response missing = invoke(webhook(null, pendingJobHook(), false));
        Response wrong = invoke(webhook(LambdaTestResource.WEBHOOK_SECRET + "x", pendingJobHook(), false));
        Response empty = invoke(webhook("", pendingJobHook(), false));

        for (Response response : List.of(missing, wrong, empty)) {
            response.then().statusCode(200);
            assertThat(response.jsonPath().getInt("statusCode")).isEqualTo(401);
            assertThat(response.jsonPath().getString("body")).contains("missing or wrong X-Gitlab-Token");
        }
        assertThat(jobRequests()).as("no poll").isEqualTo(requestsBefore);
        assertThat(moto().invocations()).as("no self-invoke").isEmpty();
    }

    @Test
    void aPendingJobWebhookSelfInvokesAsynchronouslyAnswers202FastAndThatInvocationRunsTheJob() {
        FakeJob job = gitlab().enqueue(JobSpec.builder().repo(LambdaTestResource.repo("ok"))
                .script("terraform init -input=false", "terraform apply -auto-approve").build());
        int requestsBefore = jobRequests();
        moto().startRecording();

        long start = System.nanoTime();
        Response response = invoke(webhook(LambdaTestResource.WEBHOOK_SECRET, pendingJobHook(), true));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(response.jsonPath().getInt("statusCode")).isEqualTo(202);
        assertThat(took).as("within GitLab's 10 s webhook timeout").isLessThan(Duration.ofSeconds(10));
        assertThat(jobRequests()).as("the webhook itself does not poll").isEqualTo(requestsBefore);
        List<MotoLambda.Invocation> invocations = moto().invocations();
        assertThat(invocations).containsExactly(
                new MotoLambda.Invocation(LambdaTestResource.FUNCTION, "Event", "{\"trigger\":\"webhook\"}"));

        // What Lambda would run next: the function invoked with the payload moto received.
        JsonPath summary = given().port(eventServerPort()).contentType("application/json")
                .body(invocations.get(0).payload()).post("/").then().statusCode(200).extract().jsonPath();

        assertThat(summary.getInt("jobs_run")).isEqualTo(1);
        assertThat(summary.getInt("succeeded")).isEqualTo(1);
        assertThat(job.awaitFinished(JOB_WAIT).status()).as(job.trace()).isEqualTo("success");
    }

    @Test
    void aWebhookForAnythingButAPendingJobIsIgnored() {
        int requestsBefore = jobRequests();
        moto().startRecording();

        Response running = invoke(webhook(LambdaTestResource.WEBHOOK_SECRET,
                "{\"object_kind\":\"build\",\"build_status\":\"running\",\"build_id\":7}", false));
        Response push = invoke(webhook(LambdaTestResource.WEBHOOK_SECRET,
                "{\"object_kind\":\"push\",\"ref\":\"refs/heads/main\"}", false));

        for (Response response : List.of(running, push)) {
            assertThat(response.jsonPath().getInt("statusCode")).isEqualTo(200);
            assertThat(response.jsonPath().getString("body")).contains("ignored");
        }
        assertThat(jobRequests()).isEqualTo(requestsBefore);
        assertThat(moto().invocations()).isEmpty();
    }

    @Test
    void aWebhookWhoseBodyIsNotJsonIs400() {
        moto().startRecording();

        Response response = invoke(webhook(LambdaTestResource.WEBHOOK_SECRET, "object_kind=build", false));

        assertThat(response.jsonPath().getInt("statusCode")).isEqualTo(400);
        assertThat(moto().invocations()).isEmpty();
    }

    @Test
    void anEventItDoesNotKnowFailsTheInvocationWithAMessageSayingWhatItExpects() {
        Response response = invoke(Map.of("detail-type", "Object Created", "bucket", "b"));

        response.then().statusCode(500);
        assertThat(response.jsonPath().getString("errorType")).isEqualTo(UnknownEventException.class.getName());
        assertThat(response.jsonPath().getString("errorMessage"))
                .contains("unknown event with fields", "bucket", "{\"trigger\":\"schedule\"}");
    }

    @Test
    void anInvocationWithTooLittleTimeLeftForAJobSendsNoJobRequestAndSaysWhy() {
        FixedDeadlines.remaining(LambdaTestResource.PER_JOB.minusSeconds(1));
        int requestsBefore = jobRequests();

        JsonPath summary = invoke(Map.of("trigger", "keepalive")).then().statusCode(200).extract().jsonPath();

        assertThat(summary.getInt("jobs_run")).isZero();
        assertThat(summary.getString("stopped")).isEqualTo("no_time_left");
        assertThat(summary.getString("detail")).contains("left in this invocation", "runner.max-job-timeout PT8S",
                "runner.lambda.reserve PT8S", "runner.gitlab.request-timeout PT2S", "= PT18S");
        assertThat(jobRequests()).isEqualTo(requestsBefore);
    }

    @Test
    void aJobThatWouldOutrunTheInvocationIsStoppedAndReportedAsTimeoutBeforeTheDeadline() throws Exception {
        Duration remaining = LambdaTestResource.PER_JOB.plusSeconds(1);
        FixedDeadlines.remaining(remaining);
        FakeJob job = gitlab().enqueue(JobSpec.builder().repo(LambdaTestResource.repo("slow"))
                .variable("TF_VAR_marker", "4231")
                .script("terraform init -input=false", "terraform apply -auto-approve")
                .afterScript("terraform apply -auto-approve").build());

        long start = System.nanoTime();
        JsonPath summary = invoke(Map.of("trigger", "schedule")).then().statusCode(200).extract().jsonPath();
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(took).as("answered before the invocation's deadline").isLessThan(remaining);
        assertThat(summary.getInt("jobs_run")).isEqualTo(1);
        assertThat(summary.getInt("failed")).isEqualTo(1);
        assertThat(summary.getString("stopped")).as("no time for a second job").isEqualTo("no_time_left");
        FinalReport report = job.awaitFinished(Duration.ofSeconds(1));
        assertThat(report.failureReason()).as(job.trace()).isEqualTo("job_execution_timeout");
        assertThat(report.finalReports()).isEqualTo(1);
        assertThat(job.trace()).contains("Running after_script", "execution took longer than allowed, stopped by the ");
        assertThat(LeftoverProcesses.remainingAfter("sleep 4231", Duration.ofSeconds(5))).isEmpty();
    }

    private static Response invoke(Object event) {
        return given().port(eventServerPort()).contentType("application/json").body(event).post("/");
    }

    private static Map<String, Object> webhook(String token, String body, boolean base64) {
        Map<String, String> headers = new HashMap<>();
        headers.put("content-type", "application/json");
        headers.put("x-gitlab-event", "Job Hook");
        if (token != null) {
            headers.put("x-gitlab-token", token);
        }
        return Map.of("version", "2.0", "routeKey", "$default", "rawPath", "/", "headers", headers,
                "requestContext", Map.of("http", Map.of("method", "POST", "path", "/")),
                "body", base64 ? Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)) : body,
                "isBase64Encoded", base64);
    }

    private static String pendingJobHook() {
        return "{\"object_kind\":\"build\",\"ref\":\"main\",\"build_id\":4711,\"build_name\":\"plan\","
                + "\"build_stage\":\"test\",\"build_status\":\"pending\",\"project_id\":42,"
                + "\"project_name\":\"group / infra\",\"runner\":null}";
    }

    private static int jobRequests() {
        return gitlab().requests("POST", "/api/v4/jobs/request").size();
    }

    private static int eventServerPort() {
        return ConfigProvider.getConfig().getValue("quarkus.lambda.mock-event-server.test-port", Integer.class);
    }

    private static FakeGitLab gitlab() {
        return LambdaTestResource.gitlab();
    }

    private static MotoLambda moto() {
        return LambdaTestResource.moto();
    }
}
