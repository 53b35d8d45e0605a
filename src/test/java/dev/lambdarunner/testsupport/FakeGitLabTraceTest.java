package dev.lambdarunner.testsupport;

import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Trace PATCH, final PUT and cancel behaviour of {@link FakeGitLab}, and the violations it finds there. */
class FakeGitLabTraceTest extends FakeGitLabTestCase {
    private static final Duration WAIT = Duration.ofSeconds(5);

    private FakeJob runningJob(String... features) {
        FakeJob job = gitLab.enqueue(JobSpec.builder().maskedVariable("SECRET", "very-secret-value").build());
        assertThat(client.requestJob(runner.token(), null, features).statusCode()).isEqualTo(201);
        return job;
    }

    @Test
    void patchAppendsAtTheStoredLengthAndAnswersTheNewRange() {
        FakeJob job = runningJob();

        HttpResponse<String> first = client.patchTrace(job, 0, "hello");
        HttpResponse<String> second = client.patchTrace(job, 5, " world");

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(first.headers().firstValue("Range")).hasValue("0-5");
        assertThat(first.headers().firstValue("Job-Status")).hasValue("running");
        assertThat(first.headers().firstValue("X-GitLab-Trace-Update-Interval")).hasValue("3");
        assertThat(second.headers().firstValue("Range")).hasValue("0-11");
        assertThat(job.trace()).isEqualTo("hello world");
        gitLab.assertNoViolations();
    }

    @Test
    void patchAtAnotherOffsetGets416WithTheStoredLength() {
        FakeJob job = runningJob();
        client.patchTrace(job, 0, "hello");

        HttpResponse<String> resent = client.patchTrace(job, 0, "hello");
        HttpResponse<String> gap = client.patchTrace(job, 9, "x");

        assertThat(resent.statusCode()).isEqualTo(416);
        assertThat(resent.headers().firstValue("Range")).hasValue("0-5");
        assertThat(resent.body()).isEqualTo("{\"message\":\"416 Range Not Satisfiable\"}");
        assertThat(gap.statusCode()).isEqualTo(416);
        assertThat(job.trace()).isEqualTo("hello");
    }

    @Test
    void malformedPatchesAreViolations() {
        FakeJob job = runningJob();
        byte[] hello = "hello".getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> noRange = client.patchTrace(job.id(), job.token(), null, hello);
        HttpResponse<String> wrongEnd = client.patchTrace(job.id(), job.token(), "0-9", hello);
        HttpResponse<String> wrongToken = client.patchTrace(job.id(), "glcbt-wrong", "5-5", new byte[]{'x'});

        assertThat(noRange.statusCode()).isEqualTo(400);
        assertThat(wrongEnd.statusCode()).isEqualTo(202);
        assertThat(wrongToken.statusCode()).isEqualTo(403);
        assertThat(gitLab.violations()).hasSize(2)
                .anySatisfy(v -> assertThat(v).contains("no Content-Range header"))
                .anySatisfy(v -> assertThat(v).contains("'0-9' does not match 5 body bytes"));
    }

    @Test
    void rangeMismatchFaultCutsTheTraceAndMakesTheRunnerResend() {
        FakeJob job = runningJob();
        client.patchTrace(job, 0, "hello world");
        gitLab.faults().traceRangeMismatchOnce(job.id(), 5);

        HttpResponse<String> refused = client.patchTrace(job, 11, "!");
        HttpResponse<String> resent = client.patchTrace(job, 5, " world!");

        assertThat(refused.statusCode()).isEqualTo(416);
        assertThat(refused.headers().firstValue("Range")).hasValue("0-5");
        assertThat(resent.statusCode()).isEqualTo(202);
        assertThat(job.trace()).isEqualTo("hello world!");
    }

    @Test
    void lostTraceAnswerKeepsTheChunkButAnswers502() {
        FakeJob job = runningJob();
        gitLab.faults().loseNextTraceAnswer(job.id());

        assertThat(client.patchTrace(job, 0, "hello").statusCode()).isEqualTo(502);
        assertThat(job.trace()).isEqualTo("hello");
        assertThat(client.patchTrace(job, 0, "hello")).satisfies(resent -> {
            assertThat(resent.statusCode()).isEqualTo(416);
            assertThat(resent.headers().firstValue("Range")).hasValue("0-5");
        });
        gitLab.assertNoViolations();
    }

    @Test
    void answersScriptedForAPathLeaveTheOtherPathsToTheSimulation() {
        FakeJob job = runningJob();
        gitLab.faults().answerNext("/api/v4/jobs/" + job.id(), Answer.text(202, "202")
                .withHeader("X-GitLab-Trace-Update-Interval", "2"));

        assertThat(client.patchTrace(job, 0, "log").headers().firstValue("Range")).hasValue("0-3");
        assertThat(client.finish(job, "success", "log", Map.of())).satisfies(scripted -> {
            assertThat(scripted.body()).isEqualTo("202");
            assertThat(scripted.headers().firstValue("X-GitLab-Trace-Update-Interval")).hasValue("2");
        });
        assertThat(client.finish(job, "success", "log", Map.of()).statusCode()).isEqualTo(200);
        assertThat(job.finalReports()).isEqualTo(1);
        gitLab.assertNoViolations();
    }

    @Test
    void hangUpClosesTheConnectionWithoutAnswering() {
        FakeJob job = runningJob();
        gitLab.faults().answerNext("/api/v4/jobs/" + job.id() + "/trace", Answer.hangUp());

        assertThatThrownBy(() -> client.patchTrace(job, 0, "lost")).isInstanceOf(UncheckedIOException.class);

        assertThat(job.trace()).isEmpty();
        assertThat(gitLab.requests("PATCH", ".*/trace")).isEmpty();
        assertThat(client.patchTrace(job, 0, "kept").statusCode()).isEqualTo(202);
    }

    @Test
    void finalPutWithMatchingChecksumFinishesTheJob() {
        FakeJob job = runningJob();
        client.patchTrace(job, 0, "Job succeeded\n");

        HttpResponse<String> done = client.finish(job, "success", "Job succeeded\n", Map.of());

        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(done.headers().firstValue("Job-Status")).hasValue("success");
        FinalReport report = job.awaitFinished(WAIT);
        assertThat(report.status()).isEqualTo("success");
        assertThat(report.bytesize()).isEqualTo(14);
        assertThat(report.finalReports()).isEqualTo(1);
        gitLab.assertNoViolations();
    }

    @Test
    void checksumAndSizeNotMatchingTheStoredTraceAreViolations() {
        FakeJob job = runningJob();
        client.patchTrace(job, 0, "partial");

        client.finish(job, "failed", "partial and more", Map.of("failure_reason", "script_failure", "exit_code", 1));

        assertThat(gitLab.violations())
                .anySatisfy(v -> assertThat(v).contains("output.checksum").contains("does not match"))
                .anySatisfy(v -> assertThat(v).contains("output.bytesize 16 does not match the stored trace length 7"));
        assertThat(job.awaitFinished(WAIT).failureReason()).isEqualTo("script_failure");
    }

    @Test
    void secondFinalReportIsAViolationButARepeatAfter202IsNot() {
        FakeJob job = runningJob();
        gitLab.faults().finalPut202(job.id(), 1);
        client.patchTrace(job, 0, "log");

        HttpResponse<String> later = client.finish(job, "success", "log", Map.of());
        assertThat(later.statusCode()).isEqualTo(202);
        assertThat(later.headers().firstValue("X-GitLab-Trace-Update-Interval")).hasValue("1");
        assertThat(job.status()).isEqualTo("running");
        assertThat(client.finish(job, "success", "log", Map.of()).statusCode()).isEqualTo(200);
        gitLab.assertNoViolations();

        HttpResponse<String> twice = client.finish(job, "success", "log", Map.of());
        assertThat(twice.statusCode()).isEqualTo(403);
        assertThat(twice.headers().firstValue("Job-Status")).hasValue("success");
        assertThat(gitLab.violations()).singleElement().asString().contains("reported twice");
    }

    @Test
    void failureReasonAndExitCodeRules() {
        FakeJob job = runningJob();
        client.finish(job, "success", "", Map.of("failure_reason", "script_failure", "exit_code", 0));
        FakeJob other = runningJob();
        client.finish(other, "failed", "", Map.of("failure_reason", "job_canceled"));

        assertThat(gitLab.violations())
                .anySatisfy(v -> assertThat(v).contains("failure_reason sent with state success"))
                .anySatisfy(v -> assertThat(v).contains("exit_code 0 must be omitted"))
                .anySatisfy(v -> assertThat(v).contains("'job_canceled' is not in features.failure_reasons"));
        assertThat(other.awaitFinished(WAIT).failureReason()).isEqualTo("unknown_failure");
    }

    @Test
    void gracefulCancelKeepsTheJobReportingUntilItsFinalUpdate() {
        FakeJob job = runningJob("cancel_gracefully");
        job.cancel();

        HttpResponse<String> patch = client.patchTrace(job, 0, "stopping\n");
        HttpResponse<String> keepAlive = client.updateJob(job, "running", Map.of());
        HttpResponse<String> done = client.finish(job, "failed", "stopping\n", Map.of("failure_reason", "unknown_failure"));

        assertThat(patch.statusCode()).isEqualTo(202);
        assertThat(patch.headers().firstValue("Job-Status")).hasValue("canceling");
        assertThat(keepAlive.headers().firstValue("Job-Status")).hasValue("canceling");
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(done.headers().firstValue("Job-Status")).hasValue("canceled");
        assertThat(job.awaitFinished(WAIT).reportedState()).isEqualTo("failed");
        gitLab.assertNoViolations();
    }

    @Test
    void hardCancelRefusesEveryFurtherUpdate() {
        FakeJob job = runningJob();
        job.cancel();

        HttpResponse<String> patch = client.patchTrace(job, 0, "more");
        HttpResponse<String> put = client.finish(job, "failed", "", Map.of("failure_reason", "script_failure"));

        assertThat(job.status()).isEqualTo("canceled");
        assertThat(patch.statusCode()).isEqualTo(403);
        assertThat(patch.headers().firstValue("Job-Status")).hasValue("canceled");
        assertThat(put.statusCode()).isEqualTo(403);
        assertThat(job.awaitFinished(WAIT).reportedState()).isNull();
        gitLab.assertNoViolations();
    }

    @Test
    void forbiddenTraceFailsTheJob() {
        FakeJob job = runningJob();
        gitLab.faults().forbidTraceAfter(job.id(), 5);

        HttpResponse<String> fits = client.patchTrace(job, 0, "12345");
        HttpResponse<String> tooMuch = client.patchTrace(job, 5, "6");

        assertThat(fits.statusCode()).isEqualTo(202);
        assertThat(tooMuch.statusCode()).isEqualTo(403);
        assertThat(tooMuch.headers().firstValue("Job-Status")).hasValue("failed");
        assertThat(job.awaitFinished(WAIT).failureReason()).isEqualTo("trace_size_exceeded");
    }

    @Test
    void secretsInTheTraceAreViolationsEvenWhenSplitAcrossChunks() {
        FakeJob job = runningJob();
        String token = job.token();
        client.patchTrace(job, 0, "token " + token.substring(0, 10));
        client.patchTrace(job, 16, token.substring(10) + " and very-secret-value\n");

        assertThat(gitLab.violations()).hasSize(2)
                .allSatisfy(v -> assertThat(v).doesNotContain(token).doesNotContain("very-secret-value"))
                .anySatisfy(v -> assertThat(v).contains("contains the job token at byte 6"))
                .anySatisfy(v -> assertThat(v).contains("masked variable SECRET"));
    }

    @Test
    void jobTokenHeaderMustMatchTheBodyToken() {
        FakeJob job = runningJob();

        HttpResponse<String> response = client.send(client.runnerRequest("/jobs/" + job.id())
                .header("Content-Type", "application/json").header("JOB-TOKEN", "glcbt-other")
                .PUT(HttpRequest.BodyPublishers.ofString(
                        "{\"token\":\"" + job.token() + "\",\"state\":\"running\",\"info\":{}}")));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(gitLab.violations()).singleElement().asString().contains("JOB-TOKEN header differs");
    }
}
