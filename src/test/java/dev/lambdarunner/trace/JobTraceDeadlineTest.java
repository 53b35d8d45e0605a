package dev.lambdarunner.trace;

import dev.lambdarunner.testsupport.Answer;
import dev.lambdarunner.testsupport.FakeTime;
import dev.lambdarunner.trace.FinishResult.Outcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;

import static dev.lambdarunner.testsupport.FakeTime.START;
import static org.assertj.core.api.Assertions.assertThat;

/** The final report within its deadline: reported in time, or given up in time, never waiting past it. */
class JobTraceDeadlineTest {

    /** GitLab still persisting the trace: the PUT is to be repeated in 2 s. */
    private static final Answer PENDING = Answer.text(202, "202").withHeader("Job-Status", "running")
            .withHeader("X-GitLab-Trace-Update-Interval", "2");

    private final FakeTime time = new FakeTime();
    private final LoopbackGitLab gitLab = LoopbackGitLab.start();
    private final TracedJob job = gitLab.takeJob(time);
    private final JobTrace trace = job.trace(new TraceSettings(Duration.ofSeconds(1), Duration.ofSeconds(30), 10,
            1 << 20, false, time));

    @AfterEach
    void stop() {
        gitLab.close();
        gitLab.fake().assertNoViolations();
    }

    @BeforeEach
    void jobWroteItsLog() throws IOException {
        trace.output().write("done\n".getBytes(StandardCharsets.UTF_8));
    }

    /** Finishing by {@code reportBy} gives up after {@code finalUpdates} PUTs, without passing the deadline. */
    private void assertGivesUpInTime(Instant reportBy, int finalUpdates) {
        FinishResult result = trace.finish(FinalState.success(), reportBy);

        assertThat(result.outcome()).isEqualTo(Outcome.GAVE_UP);
        assertThat(job.finalUpdates()).hasSize(finalUpdates);
        assertThat(time.instant()).isBeforeOrEqualTo(reportBy);
    }

    @Test
    void failingFinalUpdates_giveUpBeforeABackoffWouldPassTheDeadline() {
        job.faults().failNext(job.updatePath(), 503, 10);

        // rounds at 0, 1 and 3 s; the next backoff (4 s) would end at 7 s
        assertGivesUpInTime(START.plusSeconds(5), 3);
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    @Test
    void gitLabStillPersisting_isNotWaitedForPastTheDeadline() {
        job.faults().answerNext(job.updatePath(), Collections.nCopies(10, PENDING).toArray(Answer[]::new));

        assertGivesUpInTime(START.plusSeconds(3), 2);
    }

    @Test
    void deadlineAlreadyPassed_sendsNothing() {
        time.advance(Duration.ofSeconds(10));

        assertGivesUpInTime(START.plusSeconds(10), 0);
        assertThat(job.patches()).isEmpty();
    }

    @Test
    void failuresThenSuccessWithinTheDeadline_isReported() {
        job.faults().failNext(job.updatePath(), 503, 2);

        FinishResult result = trace.finish(FinalState.success(), START.plusSeconds(5));

        assertThat(result.outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(job.finalUpdates()).hasSize(3);
        assertThat(job.finalUpdates()).last().satisfies(u -> assertThat(u.output().bytesize()).isEqualTo(5));
        assertThat(job.job().finalState()).isEqualTo("success");
    }
}
