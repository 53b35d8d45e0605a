package dev.lambdarunner.testsupport;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Git over smart HTTP on {@link FakeGitLab}: fetch with the job token like a runner, refuse everyone else. */
class FakeGitLabGitTest extends FakeGitLabTestCase {
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    @TempDir
    Path tmp;
    private FakeRepo repo;
    private FakeJob job;

    @BeforeEach
    void runningJobOnARepository() throws Exception {
        Path source = Files.createDirectories(tmp.resolve("source/modules"));
        Files.writeString(source.getParent().resolve("main.tf"), "resource \"terraform_data\" \"x\" {}\n");
        Files.writeString(source.resolve("readme.md"), "nested\n");
        repo = gitLab.createRepo("group/infra", source.getParent());
        job = gitLab.enqueue(JobSpec.builder().repo(repo).build());
        assertThat(client.requestJob(runner.token(), null).statusCode()).isEqualTo(201);
    }

    @Test
    void gitCliFetchesThePayloadRefspecsWithTheJobTokenAndChecksOutTheSha() throws Exception {
        Path work = Files.createDirectories(tmp.resolve("cli"));
        String pipelineRef = "refs/pipelines/" + job.pipelineId();
        git(work, "init", "-q");
        int fetch = git(work, "fetch", "-q", "--depth", "20", repoUrl(job.token()),
                "+" + pipelineRef + ":" + pipelineRef, "+refs/heads/main:refs/remotes/origin/main");
        int checkout = git(work, "checkout", "-q", "-f", repo.sha());

        assertThat(fetch).isZero();
        assertThat(checkout).isZero();
        assertThat(work.resolve("main.tf")).hasContent("resource \"terraform_data\" \"x\" {}");
        assertThat(work.resolve("modules/readme.md")).hasContent("nested");
    }

    @Test
    void jgitFetchesShallowWithTheJobToken() throws Exception {
        String pipelineRef = "refs/pipelines/" + job.pipelineId();
        try (Git git = Git.init().setDirectory(tmp.resolve("jgit").toFile()).call()) {
            git.fetch().setRemote(gitLab.url() + "/group/infra.git").setDepth(20)
                    .setCredentialsProvider(new UsernamePasswordCredentialsProvider("gitlab-ci-token", job.token()))
                    .setRefSpecs(new RefSpec("+" + pipelineRef + ":" + pipelineRef),
                            new RefSpec("+refs/heads/main:refs/remotes/origin/main"))
                    .call();
            git.checkout().setName(repo.sha()).call();

            assertThat(git.getRepository().resolve(pipelineRef)).isEqualTo(ObjectId.fromString(repo.sha()));
        }
        assertThat(tmp.resolve("jgit/main.tf")).exists();
    }

    @Test
    void cloneWithoutValidJobTokenIsRefused() throws Exception {
        FakeJob other = gitLab.enqueue(JobSpec.builder().build());

        assertThat(git(tmp, "clone", "-q", gitLab.url() + "/group/infra.git", "anonymous")).isNotZero();
        assertThat(git(tmp, "clone", "-q", repoUrl("glcbt-wrong"), "wrong")).isNotZero();
        assertThat(git(tmp, "clone", "-q", repoUrl(other.token()), "queued-job")).isNotZero();
        HttpResponse<String> refs = infoRefs("git-upload-pack", null);
        assertThat(refs.statusCode()).isEqualTo(401);
        assertThat(refs.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"GitLab\"");
    }

    @Test
    void tokenStopsWorkingWhenTheJobEndsAndPushIsRefused() throws Exception {
        HttpResponse<String> push = infoRefs("git-receive-pack", job.token());
        assertThat(infoRefs("git-upload-pack", job.token()).statusCode()).isEqualTo(200);

        client.finish(job, "success", "", Map.of());

        assertThat(push.statusCode()).isEqualTo(403);
        assertThat(infoRefs("git-upload-pack", job.token()).statusCode()).isEqualTo(401);
    }

    private HttpResponse<String> infoRefs(String service, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                URI.create(gitLab.url() + "/group/infra.git/info/refs?service=" + service));
        if (token != null) {
            String basic = Base64.getEncoder().encodeToString(
                    ("gitlab-ci-token:" + token).getBytes(StandardCharsets.UTF_8));
            request.header("Authorization", "Basic " + basic);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String repoUrl(String token) {
        return gitLab.url().replace("://", "://gitlab-ci-token:" + token + "@") + "/group/infra.git";
    }

    /** Runs git with no user configuration and no credential prompt; returns its exit code. */
    private int git(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("HOME", tmp.toString());
        builder.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        builder.environment().put("GIT_TERMINAL_PROMPT", "0");
        builder.environment().put("GIT_ASKPASS", "true");
        return builder.start().waitFor();
    }
}
