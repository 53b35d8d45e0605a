package dev.lambdarunner.lambda;

import dev.lambdarunner.poller.RunnerEnvironment;
import dev.lambdarunner.poller.RunnerFactory;
import dev.lambdarunner.secrets.RunnerSecrets;
import dev.lambdarunner.sensitive.Secret;
import dev.lambdarunner.secrets.SecretStore;
import dev.lambdarunner.testsupport.FakeGitLab;
import dev.lambdarunner.testsupport.TestConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One invocation's polling, wired as in Lambda (typed configuration, the real factory and HTTP client) against the
 * fake GitLab: whether a job still fits the invocation decides whether GitLab is asked at all. Terraform is never
 * started: no job is queued.
 */
class PollSessionTest {

    /** max-job-timeout + reserve + request-timeout: what must be left before a jobs/request. */
    private static final Duration PER_JOB = Duration.ofSeconds(60 + 20 + 10);
    private static final String JOB_REQUESTS = "/api/v4/jobs/request";

    private final FakeGitLab gitLab = FakeGitLab.start().longPoll(Duration.ZERO);
    private final Clock clock = Clock.fixed(Instant.now(), ZoneOffset.UTC);
    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        gitLab.close();
    }

    private PollSession session(String token, Map<String, String> extra) throws IOException {
        Path terraform = dir.resolve("terraform");
        if (!Files.exists(terraform)) {
            Files.createFile(terraform, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Map<String, String> properties = new HashMap<>(Map.of("runner.gitlab.url", gitLab.url(),
                "runner.max-job-timeout", "PT60S", "runner.lambda.reserve", "PT20S",
                "runner.gitlab.request-timeout", "PT10S", "runner.gitlab.check-interval", "PT0.001S",
                "runner.sandbox.allow-unhardened-runner", "true", "runner.work-dir", dir.resolve("work").toString(),
                "runner.terraform.path", terraform.toString()));
        properties.putAll(extra);
        SecretStore secrets = () -> new RunnerSecrets(Secret.of(token), Optional.empty(), Map.of());
        RunnerFactory factory = new RunnerFactory(TestConfig.runner(properties), secrets,
                new RunnerEnvironment("test", Map.of("PATH", dir.toString())));
        return new PollSession(factory, secrets, clock);
    }

    private Deadline in(Duration remaining) {
        return Deadline.in(remaining, clock);
    }

    @Test
    void anInvocationTooShortForAJob_neverAsksGitLab() throws IOException {
        PollReport report = session(gitLab.addRunner().token(), Map.of())
                .run(Trigger.SCHEDULE, in(PER_JOB.minusMillis(1)));

        assertThat(report.stopped()).isEqualTo("no_time_left");
        assertThat(report.detail()).startsWith("no time for another job");
        assertThat(gitLab.requests("POST", JOB_REQUESTS)).isEmpty();
    }

    @Test
    void anInvocationWithRoomForAJob_asksGitLab_andEndsIdleAtTheFirstEmptyAnswer() throws IOException {
        PollReport report = session(gitLab.addRunner().token(), Map.of())
                .run(Trigger.SCHEDULE, in(PER_JOB.plusSeconds(60)));

        assertThat(report.stopped()).isEqualTo("idle");
        assertThat(report.jobsRun()).isZero();
        assertThat(gitLab.requests("POST", JOB_REQUESTS)).hasSize(1);
        gitLab.assertNoViolations();
    }

    @Test
    void aRejectedToken_endsTheSessionAfterTheConfigured403s() throws IOException {
        PollReport report = session("glrt-not-registered", Map.of("runner.gitlab.max-forbidden", "2",
                "runner.lambda.idle-timeout", "PT1H")).run(Trigger.SCHEDULE, in(PER_JOB.plusSeconds(60)));

        assertThat(report.stopped()).isEqualTo("token_rejected");
        assertThat(gitLab.requests("POST", JOB_REQUESTS)).hasSize(2);
    }

    @Test
    void withoutAGitLabUrl_theSessionIsRefusedAsMisconfigured() throws IOException {
        PollReport report = session("glrt-x", Map.of("runner.gitlab.url", " "))
                .run(Trigger.SCHEDULE, in(PER_JOB.plusSeconds(60)));

        assertThat(report.stopped()).isEqualTo(PollReport.MISCONFIGURED);
        assertThat(report.detail()).contains("RUNNER_GITLAB_URL");
        assertThat(gitLab.requests()).isEmpty();
    }
}
