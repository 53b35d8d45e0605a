package dev.lambdarunner.trace;

import dev.lambdarunner.gitlab.CallDeadlines;
import dev.lambdarunner.gitlab.GitLabConnection;
import dev.lambdarunner.gitlab.HttpGitLabRunnerApi;
import dev.lambdarunner.gitlab.RetryPolicy;
import dev.lambdarunner.gitlab.RunnerInfo;
import dev.lambdarunner.gitlab.Sleeper;
import dev.lambdarunner.gitlab.UpdateResult;
import dev.lambdarunner.gitlab.dto.JobResponse;
import dev.lambdarunner.gitlab.dto.UpdateJobRequest;
import dev.lambdarunner.sensitive.Secret;
import dev.lambdarunner.testsupport.FakeGitLab;
import dev.lambdarunner.testsupport.FakeJob;
import dev.lambdarunner.testsupport.FakeRunner;
import dev.lambdarunner.testsupport.FakeTime;
import dev.lambdarunner.testsupport.JobSpec;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;

/**
 * The {@link FakeGitLab} with one runner on it that speaks to it through the real client,
 * {@link HttpGitLabRunnerApi}, over loopback HTTP: where a trace test gets its job ({@link #takeJob}). One client
 * serves every job, so a property's tries do not each start an HTTP client.
 * <p>
 * The client makes one attempt per call. Its retries have their own tests (gitlab package); here every answer of
 * the fake is one the trace code sees, as the trace code sees what is left after the retries, and the test's
 * {@link FakeTime} records only the trace's own waits.
 */
public final class LoopbackGitLab implements AutoCloseable {

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final FakeGitLab fake = FakeGitLab.start().longPoll(Duration.ZERO);
    private final FakeRunner runner = fake.addRunner();
    private final HttpGitLabRunnerApi api = new HttpGitLabRunnerApi(
            new GitLabConnection(URI.create(fake.url()), Secret.of(runner.token()), "s_0123456789ab",
                    RunnerInfo.current("test"), CALL_TIMEOUT, CALL_TIMEOUT),
            new RetryPolicy(1, Duration.ofMillis(100), Duration.ofSeconds(60), 2.0, 0.1, Sleeper.REAL),
            CallDeadlines.NONE, Clock.systemUTC());

    public static LoopbackGitLab start() {
        return new LoopbackGitLab();
    }

    public FakeGitLab fake() {
        return fake;
    }

    /**
     * A new job, taken as the runner takes one: {@code jobs/request}, then the {@code PUT state=running} that
     * accepts it (two-phase commit). Its trace tells the time by {@code time}.
     */
    public TracedJob takeJob(FakeTime time) {
        FakeJob job = fake.enqueue(JobSpec.builder().build());
        JobResponse payload = api.requestJob(null).job()
                .orElseThrow(() -> new IllegalStateException("taking " + job + ": jobs/request gave no job"));
        if (payload.id() != job.id()) {
            throw new IllegalStateException("taking " + job + ": jobs/request gave job " + payload.id());
        }
        UpdateResult accepted = api.updateJob(payload.id(), payload.token(), UpdateJobRequest.running());
        if (accepted.state() != UpdateResult.State.ACCEPTED) {
            throw new IllegalStateException("accepting " + job + ": answered " + accepted.httpStatus());
        }
        return new TracedJob(fake, job, payload, api, time);
    }

    /** Stops the fake; tests then check {@code fake().assertNoViolations()}. */
    @Override
    public void close() {
        fake.close();
    }
}
