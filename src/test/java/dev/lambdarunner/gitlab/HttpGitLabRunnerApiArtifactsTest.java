package dev.lambdarunner.gitlab;

import dev.lambdarunner.testsupport.FakeTime;
import dev.lambdarunner.testsupport.Answer;
import dev.lambdarunner.testsupport.RecordedRequest;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static dev.lambdarunner.gitlab.RunnerApiFixture.JOB_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code POST/GET /jobs/:id/artifacts} against a scripted GitLab: wire form, and what each answer comes to. */
class HttpGitLabRunnerApiArtifactsTest {

    @TempDir
    Path dir;
    @RegisterExtension
    final RunnerApiFixture gitlab = new RunnerApiFixture();
    private final FakeTime sleeper = new FakeTime();
    private final HttpGitLabRunnerApi api = gitlab.api(sleeper);

    @Test
    void uploadIsOneMultipartFilePartWithTheOptionsInTheQuery() throws IOException {
        gitlab.answer(Answer.json(201, "{}"));
        Path report = Files.writeString(dir.resolve("plan.json"), "{\"create\":1,\"update\":0,\"delete\":0}");

        ArtifactTransfer result = api.uploadArtifact(42, RunnerApiFixture.JOB_SECRET, new ArtifactUpload(report, "tfplan.json",
                "terraform", "raw", "1 week", Duration.ofSeconds(5)));

        assertThat(result.state()).isEqualTo(ArtifactTransfer.State.OK);
        RecordedRequest sent = gitlab.only();
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo("/api/v4/jobs/42/artifacts");
        assertThat(sent.query()).isEqualTo("artifact_format=raw&artifact_type=terraform&expire_in=1%20week");
        assertThat(sent.header("JOB-TOKEN")).isEqualTo(JOB_TOKEN);
        String type = sent.header("Content-Type");
        assertThat(type).startsWith("multipart/form-data; boundary=");
        String boundary = type.substring(type.indexOf('=') + 1);
        assertThat(new String(sent.body(), StandardCharsets.UTF_8)).isEqualTo("--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"tfplan.json\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n"
                + "{\"create\":1,\"update\":0,\"delete\":0}\r\n--" + boundary + "--\r\n");
    }

    @Test
    void tooLargeIsFinalAndNamed() throws IOException {
        gitlab.answer(Answer.json(413, "{\"message\":\"413 Request Entity Too Large\"}"));

        ArtifactTransfer result = api.uploadArtifact(42, RunnerApiFixture.JOB_SECRET, upload());

        assertThat(result.state()).isEqualTo(ArtifactTransfer.State.TOO_LARGE);
        assertThat(result.describe()).isEqualTo("413 (413 Request Entity Too Large)");
        assertThat(sleeper.sleeps()).isEmpty();
    }

    @Test
    void serverErrorsAreRetriedWithTheFileSentAgain() throws IOException {
        gitlab.answer(Answer.of(503), Answer.of(502), Answer.json(201, "{}"));

        assertThat(api.uploadArtifact(42, RunnerApiFixture.JOB_SECRET, upload()).ok()).isTrue();
        assertThat(gitlab.received()).hasSize(3).allSatisfy(r -> assertThat(new String(r.body(),
                StandardCharsets.UTF_8)).contains("zip bytes"));
    }

    @Test
    void forbiddenIsRefusedWithoutRetry() throws IOException {
        gitlab.answer(Answer.json(403, "{\"message\":\"403 Forbidden\"}"));

        ArtifactTransfer result = api.uploadArtifact(42, RunnerApiFixture.JOB_SECRET, upload());

        assertThat(result.state()).isEqualTo(ArtifactTransfer.State.REFUSED);
        assertThat(gitlab.received()).hasSize(1);
    }

    @Test
    void downloadWritesOnlyA200BodyToTheFile() {
        Path target = dir.resolve("dep.zip");
        gitlab.answer(Answer.of(500), new Answer(200, Map.of("Content-Type", "application/octet-stream"),
                "PK-archive".getBytes(StandardCharsets.UTF_8), Duration.ZERO));

        ArtifactTransfer result = api.downloadArtifacts(7, RunnerApiFixture.JOB_SECRET, target, Duration.ofSeconds(5));

        assertThat(result.ok()).isTrue();
        assertThat(target).hasContent("PK-archive");
        assertThat(gitlab.received()).allSatisfy(r -> {
            assertThat(r.method()).isEqualTo("GET");
            assertThat(r.path()).isEqualTo("/api/v4/jobs/7/artifacts");
        });
    }

    @Test
    void downloadOfAJobWithoutArtifactsIsRefused() {
        Path target = dir.resolve("dep.zip");
        gitlab.answer(Answer.json(404, "{\"message\":\"404 Not Found\"}"));

        ArtifactTransfer result = api.downloadArtifacts(7, RunnerApiFixture.JOB_SECRET, target, Duration.ofSeconds(5));

        assertThat(result.state()).isEqualTo(ArtifactTransfer.State.REFUSED);
        assertThat(result.status()).isEqualTo(404);
        assertThat(target).doesNotExist();
    }

    private ArtifactUpload upload() throws IOException {
        Path file = Files.writeString(dir.resolve("a.zip"), "zip bytes");
        return new ArtifactUpload(file, "artifacts.zip", "archive", "zip", "", Duration.ofSeconds(5));
    }
}
