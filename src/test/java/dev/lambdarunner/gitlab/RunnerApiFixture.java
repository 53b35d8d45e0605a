package dev.lambdarunner.gitlab;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lambdarunner.sensitive.Secret;
import dev.lambdarunner.testsupport.Answer;
import dev.lambdarunner.testsupport.FakeGitLab;
import dev.lambdarunner.testsupport.FakeTime;
import dev.lambdarunner.testsupport.Faults;
import dev.lambdarunner.testsupport.RecordedRequest;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fake GitLab as the runner API client's tests use it (GLR {@code TestGitLabClient_*} style): a
 * {@link FakeGitLab} whose answers each test scripts ({@link Faults#answerNext}), with this runner's tokens and
 * version. Register it with {@code @RegisterExtension}: after each test it stops the server and fails the test on
 * any protocol violation the fake saw, on any request beyond the scripted answers, and on any request that is not
 * this runner's (User-Agent, tokens, {@code system_id}, advertised {@code info}).
 */
final class RunnerApiFixture implements AfterEachCallback {

    static final String RUNNER_TOKEN = "glrt-TESTRUNNERTOKEN1234";
    static final String JOB_TOKEN = "glcbt-TESTJOBTOKEN5678";
    static final Secret JOB_SECRET = Secret.of(JOB_TOKEN);
    static final String SYSTEM_ID = "s_0123456789ab";
    static final String VERSION = "1.2.3";
    private static final String USER_AGENT =
            "gitlab-runner 1\\.2\\.3 \\(lambda-gitlab-runner-for-terraform; java [0-9][^;]*; linux/[a-z0-9_]+\\)";

    private final FakeGitLab gitLab = FakeGitLab.start();
    private final AtomicInteger scripted = new AtomicInteger();

    /** The base URL given to the runner, with a trailing {@code /ci/} it must strip. */
    URI url() {
        return URI.create(gitLab.url() + "/ci/");
    }

    /** The runner's connection to this fake, with the test tokens. */
    GitLabConnection connection(Duration requestTimeout) {
        return new GitLabConnection(url(), dev.lambdarunner.sensitive.Secret.of(RUNNER_TOKEN), SYSTEM_ID, RunnerInfo.current(VERSION), requestTimeout,
                Duration.ofSeconds(5));
    }

    /** A client of this fake whose retries wait on {@code sleeper} (GitLab Runner's attempts and delays). */
    HttpGitLabRunnerApi api(Sleeper sleeper) {
        return new HttpGitLabRunnerApi(connection(Duration.ofSeconds(5)),
                new RetryPolicy(5, Duration.ofMillis(100), Duration.ofSeconds(60), 2.0, 0.1, sleeper));
    }

    /** As {@link #api(Sleeper)}, every call within {@code deadlines} by the time on {@code clock}. */
    HttpGitLabRunnerApi api(FakeTime clock, CallDeadlines deadlines) {
        return new HttpGitLabRunnerApi(connection(Duration.ofSeconds(5)),
                new RetryPolicy(5, Duration.ofMillis(100), Duration.ofSeconds(60), 2.0, 0.1, clock), deadlines, clock);
    }

    /** The next requests get {@code answers}, in order. */
    RunnerApiFixture answer(Answer... answers) {
        scripted.addAndGet(answers.length);
        gitLab.faults().answerNext(answers);
        return this;
    }

    /** Every request answered so far, in arrival order. */
    List<RecordedRequest> received() {
        return gitLab.requests();
    }

    /** Waits for {@code count} answered requests: a held-back answer is recorded only when it goes out. */
    List<RecordedRequest> awaitReceived(int count) throws InterruptedException {
        for (int i = 0; i < 500 && received().size() < count; i++) {
            Thread.sleep(20);
        }
        return received();
    }

    RecordedRequest only() {
        assertThat(received()).hasSize(1);
        return received().get(0);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        List<RecordedRequest> requests = new ArrayList<>(gitLab.requests());
        gitLab.close();
        gitLab.assertNoViolations();
        assertThat(requests.size()).as("requests beyond the %d scripted answers", scripted.get())
                .isLessThanOrEqualTo(scripted.get());
        requests.forEach(RunnerApiFixture::assertFromThisRunner);
    }

    private static void assertFromThisRunner(RecordedRequest r) {
        assertThat(r.header("User-Agent")).as("User-Agent").matches(USER_AGENT);
        if (r.path().equals("/api/v4/runners/verify") || r.path().equals("/api/v4/jobs/request")) {
            assertThat(r.header("RUNNER-TOKEN")).isEqualTo(RUNNER_TOKEN);
            assertThat(r.json().path("system_id").asText()).isEqualTo(SYSTEM_ID);
            assertInfo(r.json().path("info"));
        } else {
            assertThat(r.header("JOB-TOKEN")).as("JOB-TOKEN of %s", r).isEqualTo(JOB_TOKEN);
            if (r.method().equals("PUT")) {
                assertInfo(r.json().path("info"));
            }
        }
    }

    private static void assertInfo(JsonNode info) {
        assertThat(info.path("name").asText()).isEqualTo("lambda-gitlab-runner-for-terraform");
        assertThat(info.path("version").asText()).isEqualTo(VERSION);
        assertThat(info.path("executor").asText()).isEqualTo("lambda-terraform");
        List<String> keys = new ArrayList<>();
        info.path("features").fieldNames().forEachRemaining(keys::add);
        assertThat(keys).as("info.features keys").containsExactlyInAnyOrderElementsOf(RunnerInfoTest.PROTOCOL_KEYS);
    }
}
