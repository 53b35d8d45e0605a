package dev.lambdarunner.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lambdarunner.gitlab.dto.JobResponse;
import dev.lambdarunner.gitlab.dto.JobStep;
import dev.lambdarunner.gitlab.dto.JobVariable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** Runner-facing behaviour of {@link FakeGitLab}: verify, jobs/request, long poll, payload, accept. */
class FakeGitLabTest extends FakeGitLabTestCase {

    @Test
    void verifyAnswersLikeGitLab() throws Exception {
        HttpResponse<String> known = client.verify(runner.token());
        HttpResponse<String> unknown = client.verify("glrt-unknown");

        assertThat(known.statusCode()).isEqualTo(200);
        JsonNode body = RunnerClient.JSON.readTree(known.body());
        assertThat(body.get("id").asLong()).isEqualTo(runner.id());
        assertThat(body.get("token").asText()).isEqualTo(runner.token());
        assertThat(body.get("token_expires_at").isNull()).isTrue();
        assertThat(unknown.statusCode()).isEqualTo(403);
        assertThat(unknown.body()).isEqualTo("{\"message\":\"403 Forbidden\"}");
        gitLab.assertNoViolations();
    }

    @Test
    void emptyQueueAnswers204WithQueueValueThenLongPollsWithoutIt() {
        gitLab.longPoll(Duration.ofMillis(300));
        HttpResponse<String> first = client.requestJob(runner.token(), null);
        String lastUpdate = first.headers().firstValue("X-GitLab-Last-Update").orElseThrow();

        long started = System.nanoTime();
        HttpResponse<String> second = client.requestJob(runner.token(), lastUpdate);
        long millis = (System.nanoTime() - started) / 1_000_000;

        assertThat(first.statusCode()).isEqualTo(204);
        assertThat(lastUpdate).isEqualTo(runner.queueValue());
        assertThat(second.statusCode()).isEqualTo(204);
        assertThat(second.headers().firstValue("X-GitLab-Last-Update")).isEmpty();
        assertThat(second.headers().firstValue("Gitlab-Ci-Builds-Polling")).hasValue("yes");
        assertThat(millis).as("the second poll was held for the long poll").isGreaterThanOrEqualTo(280L);
        gitLab.assertNoViolations();
    }

    @Test
    void enqueueEndsALongPollAndTheNextPollGetsTheJob() throws Exception {
        // A poll held for an hour: only the enqueue can end it within the minute the test waits.
        gitLab.longPoll(Duration.ofHours(1));
        String lastUpdate = client.requestJob(runner.token(), null).headers()
                .firstValue("X-GitLab-Last-Update").orElseThrow();
        CompletableFuture<HttpResponse<String>> poll =
                CompletableFuture.supplyAsync(() -> client.requestJob(runner.token(), lastUpdate));
        Thread.sleep(100);
        FakeJob job = gitLab.enqueue(JobSpec.builder().build());

        HttpResponse<String> woken = poll.get(1, TimeUnit.MINUTES);
        assertThat(woken.statusCode()).isEqualTo(204);
        HttpResponse<String> next = client.requestJob(runner.token(), lastUpdate);
        assertThat(next.statusCode()).isEqualTo(201);
        assertThat(next.headers().firstValue("X-GitLab-Last-Update")).isEmpty();
        assertThat(RunnerClient.JSON.readTree(next.body()).get("id").asLong()).isEqualTo(job.id());
    }

    @Test
    void pausedRunnerGets204WithQueueValueEvenWithJobsPending() {
        gitLab.enqueue(JobSpec.builder().build());
        runner.pause();

        HttpResponse<String> response = client.requestJob(runner.token(), null);

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(response.headers().firstValue("X-GitLab-Last-Update")).hasValue(runner.queueValue());
        runner.resume();
        assertThat(client.requestJob(runner.token(), null).statusCode()).isEqualTo(201);
    }

    @Test
    void payloadLooksLikeGitLabsAndParsesAsJobResponse(@TempDir Path source) throws Exception {
        Files.writeString(source.resolve("main.tf"), "terraform {}\n");
        FakeRepo repo = gitLab.createRepo("group/infra", source);
        FakeJob job = gitLab.enqueue(JobSpec.builder().name("plan").stage("build").repo(repo)
                .script("terraform init", "terraform plan").afterScript("echo done").timeoutSeconds(600)
                .maskedVariable("SECRET", "s3cr3t-value").variable(JobSpec.Variable.file("KUBECONFIG", "cfg"))
                .tokenMaskPrefixes("glpat-").build());

        HttpResponse<String> response = client.requestJob(runner.token(), null);

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JobResponse payload = RunnerClient.JSON.readValue(response.body(), JobResponse.class);
        assertThat(payload.id()).isEqualTo(job.id());
        assertThat(payload.token().value()).startsWith("glcbt-").isEqualTo(job.token());
        assertThat(payload.jobInfo().name()).isEqualTo("plan");
        assertThat(payload.jobInfo().projectId()).isEqualTo(repo.projectId());
        assertThat(payload.gitInfo().repoUrl().value()).isEqualTo(
                gitLab.url().replace("://", "://gitlab-ci-token:" + job.token() + "@") + "/group/infra.git");
        assertThat(payload.gitInfo().sha()).isEqualTo(repo.sha()).hasSize(40);
        assertThat(payload.gitInfo().refspecs()).containsExactly(
                "+refs/pipelines/" + job.pipelineId() + ":refs/pipelines/" + job.pipelineId(),
                "+refs/heads/main:refs/remotes/origin/main");
        assertThat(payload.gitInfo().depth()).isEqualTo(20);
        assertThat(payload.runnerInfo().timeout()).isEqualTo(600);
        assertThat(payload.steps()).extracting(JobStep::name, JobStep::when, JobStep::allowFailure, JobStep::timeout)
                .containsExactly(tuple("script", "on_success", false, 600L),
                        tuple("after_script", "always", true, 600L));
        assertThat(payload.features().failureReasons()).hasSize(51)
                .contains("script_failure", "runner_system_failure", "job_execution_timeout", "unknown_failure");
        assertThat(payload.features().tokenMaskPrefixes()).containsExactly("glpat-");
        assertVariables(payload.variables(), job, repo);
        assertRawShape(RunnerClient.JSON.readTree(response.body()));
        assertThat(job.status()).isEqualTo("running");
    }

    private void assertVariables(List<JobVariable> variables, FakeJob job, FakeRepo repo) {
        Map<String, JobVariable> byKey = new LinkedHashMap<>();
        variables.forEach(v -> byKey.put(v.key(), v));
        assertThat(byKey.get("CI_JOB_TOKEN")).satisfies(v -> {
            assertThat(v.value()).isEqualTo(job.token());
            assertThat(v.masked()).isTrue();
            assertThat(v.isPublic()).isFalse();
        });
        assertThat(byKey.get("CI_SERVER_URL").value()).isEqualTo(gitLab.url());
        assertThat(byKey.get("CI_API_V4_URL").value()).isEqualTo(gitLab.url() + "/api/v4");
        assertThat(byKey.get("CI_JOB_ID").value()).isEqualTo(String.valueOf(job.id()));
        assertThat(byKey.get("CI_PIPELINE_ID").value()).isEqualTo(String.valueOf(job.pipelineId()));
        assertThat(byKey.get("CI_COMMIT_SHA").value()).isEqualTo(repo.sha());
        assertThat(byKey.get("CI_PROJECT_PATH").value()).isEqualTo("group/infra");
        assertThat(byKey.get("CI_COMMIT_REF_PROTECTED").value()).isEqualTo("false");
        assertThat(byKey.get("KUBECONFIG").file()).isTrue();
        assertThat(variables.get(variables.size() - 2).key()).isEqualTo("SECRET");
        assertThat(variables.get(variables.size() - 2).masked()).isTrue();
    }

    private static void assertRawShape(JsonNode raw) {
        assertThat(raw.get("image").isNull()).isTrue();
        for (String field : List.of("services", "artifacts", "cache", "credentials", "dependencies")) {
            assertThat(raw.get(field).isArray() && raw.get(field).isEmpty()).as(field).isTrue();
        }
        assertThat(raw.get("features").get("trace_sections").asBoolean()).isTrue();
        assertThat(raw.get("job_info").get("project_jobs_running_on_instance_runners_count").asText())
                .isEqualTo("+Inf");
        JsonNode first = raw.get("variables").get(0);
        assertThat(first.has("public") && first.has("masked")).isTrue();
        assertThat(first.has("file") || first.has("raw")).as("file/raw omitted when false").isFalse();
    }

    @Test
    void depthZeroAsksForEveryBranchAndTag() throws Exception {
        FakeJob job = gitLab.enqueue(JobSpec.builder().depth(0).build());

        JsonNode git = RunnerClient.JSON.readTree(client.requestJob(runner.token(), null).body()).get("git_info");

        String pipelineRef = "refs/pipelines/" + job.pipelineId();
        assertThat(git.get("refspecs")).extracting(JsonNode::asText).containsExactly(
                "+" + pipelineRef + ":" + pipelineRef, "+refs/heads/*:refs/remotes/origin/*",
                "+refs/tags/*:refs/tags/*");
    }

    @Test
    void twoPhaseCommitKeepsTheJobPendingUntilTheRunnerAccepts() {
        FakeJob job = gitLab.enqueue(JobSpec.builder().build());
        client.requestJob(runner.token(), null, "two_phase_job_commit");
        assertThat(job.status()).isEqualTo("pending");

        HttpResponse<String> keepAlive = client.updateJob(job, "pending", Map.of());
        HttpResponse<String> tooEarly = client.patchTrace(job, 0, "x");
        HttpResponse<String> accept = client.updateJob(job, "running", Map.of());

        assertThat(keepAlive.statusCode()).isEqualTo(200);
        assertThat(keepAlive.headers().firstValue("Job-Status")).hasValue("pending");
        assertThat(tooEarly.statusCode()).isEqualTo(403);
        assertThat(accept.statusCode()).isEqualTo(200);
        assertThat(accept.headers().firstValue("Job-Status")).hasValue("running");
        assertThat(job.status()).isEqualTo("running");
        gitLab.assertNoViolations();
    }

    @Test
    void legacyRunnerGetsTheJobRunningAndMayNotSendPending() {
        FakeJob job = gitLab.enqueue(JobSpec.builder().build());
        client.requestJob(runner.token(), null);

        HttpResponse<String> pending = client.updateJob(job, "pending", Map.of());

        assertThat(job.status()).isEqualTo("running");
        assertThat(pending.statusCode()).isEqualTo(400);
        assertThat(gitLab.violations()).anyMatch(v -> v.contains("two_phase_job_commit was not advertised"));
    }
}
