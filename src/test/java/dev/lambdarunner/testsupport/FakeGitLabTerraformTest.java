package dev.lambdarunner.testsupport;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** The fake's managed Terraform state and artifacts endpoints, driven like Terraform and a runner drive them. */
class FakeGitLabTerraformTest extends FakeGitLabTestCase {

    private static final String LOCK = "{\"ID\":\"%s\",\"Operation\":\"OperationTypeApply\",\"Info\":\"\","
            + "\"Who\":\"ci@runner\",\"Version\":\"1.11.4\",\"Created\":\"2026-01-01T00:00:00Z\",\"Path\":\"\"}";

    private FakeJob job;

    @BeforeEach
    void runningJobWithAPlanReport() {
        job = gitLab.enqueue(JobSpec.builder().project(42, "group/infra")
                .artifact(JobSpec.Artifact.terraformReport("plan.json")).build());
        client.requestJob(runner.token(), null, "upload_multiple_artifacts");
    }

    @Test
    void stateLockAndUnlockFollowGitLab() {
        String state = "/api/v4/projects/42/terraform/state/prod";
        assertThat(tf("GET", state, job.token(), null).statusCode()).isEqualTo(404);
        assertThat(tf("POST", state + "/lock", job.token(), LOCK.formatted("mine")).statusCode()).isEqualTo(200);
        HttpResponse<String> again = tf("POST", state + "/lock", job.token(), LOCK.formatted("other"));
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("\"ID\":\"mine\"");
        assertThat(tf("POST", state + "?ID=other", job.token(), "{\"serial\":1}").statusCode()).isEqualTo(409);
        assertThat(tf("POST", state + "?ID=mine", job.token(), "{\"serial\":1}").statusCode()).isEqualTo(200);
        assertThat(tf("DELETE", state + "/lock", job.token(), "{\"ID\":\"other\"}").statusCode()).isEqualTo(409);
        assertThat(tf("DELETE", state + "/lock", job.token(), "{\"ID\":\"mine\"}").statusCode()).isEqualTo(200);

        FakeTerraformState stored = gitLab.terraformState(42, "prod");
        assertThat(stored.locked()).isFalse();
        assertThat(stored.serials()).containsExactly(1L);
        assertThat(tf("GET", state, job.token(), null).body()).isEqualTo("{\"serial\":1}");
        assertThat(tf("GET", state, "glcbt-not-a-job", null).statusCode()).isEqualTo(401);
        assertThat(tf("GET", "/api/v4/projects/43/terraform/state/prod", job.token(), null).statusCode()).isEqualTo(404);
        gitLab.assertNoViolations();
    }

    @Test
    void uploadsAreCheckedAndStoredAndTooLargeIsRefused() {
        HttpResponse<String> ok = upload("artifact_format=raw&artifact_type=terraform", "tfplan.json", "{}");
        HttpResponse<String> mismatch = upload("artifact_format=zip&artifact_type=terraform", "tfplan.json", "{}");
        gitLab.maxArtifactSize(1);
        HttpResponse<String> large = upload("artifact_format=raw&artifact_type=terraform", "tfplan.json", "{}");

        assertThat(ok.statusCode()).isEqualTo(201);
        assertThat(mismatch.statusCode()).isEqualTo(400);
        assertThat(large.statusCode()).isEqualTo(413);
        assertThat(gitLab.artifacts(job.id())).singleElement().satisfies(a -> {
            assertThat(a.type()).isEqualTo("terraform");
            assertThat(a.filename()).isEqualTo("tfplan.json");
            assertThat(a.text()).isEqualTo("{}");
        });
        assertThat(gitLab.violations()).singleElement().asString().contains("artifact_type terraform with artifact_format zip");
    }

    @Test
    void downloadServesTheArchiveToARunningJobOnly() {
        FakeJob build = gitLab.finishedJobWithArchive("build", "PK".getBytes(StandardCharsets.UTF_8));
        String path = "/jobs/" + build.id() + "/artifacts";

        assertThat(client.send(client.runnerRequest(path).header("JOB-TOKEN", job.token()).GET()).body()).isEqualTo("PK");
        assertThat(client.send(client.runnerRequest(path).header("JOB-TOKEN", build.token()).GET()).statusCode())
                .as("the token of a finished job").isEqualTo(401);
        assertThat(client.send(client.runnerRequest("/jobs/" + job.id() + "/artifacts")
                .header("JOB-TOKEN", job.token()).GET()).statusCode()).as("no archive").isEqualTo(404);
    }

    @Test
    void aJobWithReportsIsDroppedForARunnerWithoutUploadMultipleArtifacts() {
        FakeRunner old = gitLab.addRunner();
        FakeJob reports = gitLab.enqueue(JobSpec.builder().artifact(JobSpec.Artifact.terraformReport("plan.json")).build());

        assertThat(client.requestJob(old.token(), null).statusCode()).isEqualTo(204);
        assertThat(reports.status()).isEqualTo("failed");
        assertThat(reports.failureReason()).isEqualTo("runner_unsupported");
    }

    private HttpResponse<String> upload(String query, String filename, String content) {
        String boundary = "b0undary";
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n" + content + "\r\n--" + boundary + "--\r\n";
        return client.send(client.runnerRequest("/jobs/" + job.id() + "/artifacts?" + query)
                .header("JOB-TOKEN", job.token()).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> tf(String method, String path, String token, String body) {
        String auth = Base64.getEncoder().encodeToString(("gitlab-ci-token:" + token).getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gitLab.url() + path))
                .header("Authorization", "Basic " + auth).header("User-Agent", "Terraform/1.11.4")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        return client.send(request);
    }
}
