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
 * That client makes one attempt per call. Its retries have their own tests (gitlab package); here every answer of
 * the fake is one the trace code sees, as the trace code sees what is left after the retries, and the test's
 * {@link FakeTime} records only the trace's own waits. {@link #takeJobWithRetries} is for the one test of both.
 */
public final class LoopbackGitLab implements AutoCloseable {

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final FakeGitLab fake = FakeGitLab.start().longPoll(Duration.ZERO);
    private final FakeRunner runner = fake.addRunner();
    /** With one attempt the client never waits, so its sleeper does not matter. */
    private final HttpGitLabRunnerApi api = client(retries(1, Sleeper.REAL));

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
        return take(time, api);
    }

    /**
     * As {@link #takeJob}, reported by a client of its own that retries as the runner's does (5 attempts, from
     * 100 ms), waiting on {@code time}: for the interplay of the client's retries with the trace.
     */
    TracedJob takeJobWithRetries(FakeTime time) {
        return take(time, client(retries(5, time)));
    }

    private TracedJob take(FakeTime time, HttpGitLabRunnerApi api) {
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

    private HttpGitLabRunnerApi client(RetryPolicy retries) {
        return new HttpGitLabRunnerApi(new GitLabConnection(URI.create(fake.url()), Secret.of(runner.token()),
                "s_0123456789ab", RunnerInfo.current("test"), CALL_TIMEOUT, CALL_TIMEOUT),
                retries, CallDeadlines.NONE, Clock.systemUTC());
    }

    private static RetryPolicy retries(int attempts, Sleeper sleeper) {
        return new RetryPolicy(attempts, Duration.ofMillis(100), Duration.ofSeconds(60), 2.0, 0.1, sleeper);
    }

    /** Stops the fake; tests then check {@code fake().assertNoViolations()}. */
    @Override
    public void close() {
        fake.close();
    }
}
