package dev.lambdarunner.trace;

import dev.lambdarunner.gitlab.JobStatus;
import dev.lambdarunner.gitlab.UpdateResult;
import dev.lambdarunner.sensitive.Secret;
import dev.lambdarunner.testsupport.FakeTime;
import dev.lambdarunner.trace.FinishResult.Outcome;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static dev.lambdarunner.trace.FakeGitLabApi.JOB_ID;
import static dev.lambdarunner.trace.FakeGitLabApi.JOB_TOKEN;
import static dev.lambdarunner.testsupport.FakeTime.START;
import static org.assertj.core.api.Assertions.assertThat;

/** The final report within its deadline: reported in time, or given up in time, never waiting past it. */
class JobTraceDeadlineTest {

    private static final UpdateResult FAILED = new UpdateResult(UpdateResult.State.FAILED, JobStatus.UNKNOWN,
            Optional.empty(), 503);
    private static final UpdateResult PENDING = new UpdateResult(UpdateResult.State.PENDING, JobStatus.RUNNING,
            Optional.of(Duration.ofSeconds(2)), 202);
    private static final UpdateResult ACCEPTED = new UpdateResult(UpdateResult.State.ACCEPTED, JobStatus.SUCCESS,
            Optional.empty(), 200);

    private final FakeGitLabApi gitlab = new FakeGitLabApi();
    private final FakeTime time = new FakeTime();

    private JobTrace trace() throws IOException {
        TraceSettings settings = new TraceSettings(Duration.ofSeconds(1), Duration.ofSeconds(30), 10, 1 << 20, false,
                time);
        JobTrace trace = new JobTrace(gitlab, JOB_ID, Secret.of(JOB_TOKEN), MaskSpec.of(List.of(), List.of()), settings,
                time);
        trace.output().write("done\n".getBytes(StandardCharsets.UTF_8));
        return trace;
    }

    @Test
    void failingFinalUpdates_giveUpBeforeABackoffWouldPassTheDeadline() throws IOException {
        JobTrace trace = trace();
        for (int i = 0; i < 10; i++) {
            gitlab.scriptUpdate(FAILED);
        }
        Instant reportBy = START.plusSeconds(5);

        FinishResult result = trace.finish(FinalState.success(), reportBy);

        assertThat(result.outcome()).isEqualTo(Outcome.GAVE_UP);
        // rounds at 0, 1 and 3 s; the next backoff (4 s) would end at 7 s
        assertThat(gitlab.finalUpdates()).hasSize(3);
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
        assertThat(time.instant()).isBeforeOrEqualTo(reportBy);
    }

    @Test
    void gitLabStillPersisting_isNotWaitedForPastTheDeadline() throws IOException {
        JobTrace trace = trace();
        for (int i = 0; i < 10; i++) {
            gitlab.scriptUpdate(PENDING);
        }
        Instant reportBy = START.plusSeconds(3);

        FinishResult result = trace.finish(FinalState.success(), reportBy);

        assertThat(result.outcome()).isEqualTo(Outcome.GAVE_UP);
        assertThat(gitlab.finalUpdates()).hasSize(2);
        assertThat(time.instant()).isBeforeOrEqualTo(reportBy);
    }

    @Test
    void deadlineAlreadyPassed_sendsNothing() throws IOException {
        JobTrace trace = trace();
        time.advance(Duration.ofSeconds(10));

        FinishResult result = trace.finish(FinalState.success(), START.plusSeconds(10));

        assertThat(result.outcome()).isEqualTo(Outcome.GAVE_UP);
        assertThat(gitlab.finalUpdates()).isEmpty();
    }

    @Test
    void failuresThenSuccessWithinTheDeadline_isReported() throws IOException {
        JobTrace trace = trace();
        gitlab.scriptUpdate(FAILED);
        gitlab.scriptUpdate(FAILED);
        gitlab.scriptUpdate(ACCEPTED);

        FinishResult result = trace.finish(FinalState.success(), START.plusSeconds(5));

        assertThat(result.outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(gitlab.finalUpdates()).hasSize(3);
        assertThat(gitlab.finalUpdates()).last().satisfies(u -> assertThat(u.output().bytesize()).isEqualTo(5));
    }
}
