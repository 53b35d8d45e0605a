package dev.lambdarunner.lambda;

import dev.lambdarunner.job.JobLimits;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class DeadlineAdmissionTest {

    private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final TimeBudget BUDGET = new TimeBudget(Duration.ofMinutes(12), Duration.ofSeconds(90),
            Duration.ofSeconds(60), Duration.ofSeconds(10));

    @Test
    void aJobIsRequestedOnlyWhileTheLongestJobItsReserveAndTheLongPollStillFit() {
        assertThat(admission(Duration.ofSeconds(870)).mayRequestJob()).isTrue();
        assertThat(admission(Duration.ofMillis(869_999)).mayRequestJob()).isFalse();
        assertThat(admission(Duration.ZERO).mayRequestJob()).isFalse();
    }

    @Test
    void everyJobMustBeReportedByTheDeadlineMinusTheReserve() {
        JobLimits limits = admission(Duration.ofMinutes(15)).limitsFor(null);

        assertThat(limits.hardDeadline()).isEqualTo(NOW.plus(Duration.ofMinutes(15)).minusSeconds(90));
        assertThat(limits.maxJobTimeout()).isEqualTo(Duration.ofMinutes(12));
    }

    @Test
    void gitLabCallsStopWhereAJobNoLongerFitsAndReportsEndBeforeTheInvocationDoes() {
        var calls = admission(Duration.ofMinutes(15)).callDeadlines();

        assertThat(calls.lastJobRequest()).isEqualTo(NOW.plusSeconds(30));
        assertThat(calls.callsEnd()).isEqualTo(NOW.plus(Duration.ofMinutes(15)).minusSeconds(5));
        assertThat(admission(Duration.ofMinutes(15)).limitsFor(null).reportBy()).isEqualTo(calls.callsEnd());
    }

    @Test
    void theAnswerMarginIsATenthOfASmallReserve() {
        assertThat(new TimeBudget(Duration.ofSeconds(20), Duration.ofSeconds(15), Duration.ofSeconds(5),
                Duration.ofSeconds(5)).answerMargin()).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void theRefusalNamesTheTimeLeftAndEachPartOfTheBudget() {
        assertThat(admission(Duration.ofSeconds(30)).refusal()).isEqualTo("no time for another job: PT30S left in "
                + "this invocation, a job needs runner.max-job-timeout PT12M + runner.lambda.reserve PT1M30S + "
                + "runner.gitlab.request-timeout PT1M = PT14M30S (raise the function's timeout or lower "
                + "RUNNER_MAX_JOB_TIMEOUT)");
    }

    @Test
    void theIdleLimitIsTheConfiguredOne() {
        assertThat(new DeadlineAdmission(Deadline.in(Duration.ofMinutes(1), CLOCK), BUDGET, Duration.ofSeconds(7),
                CLOCK).idleLimit()).contains(Duration.ofSeconds(7));
    }

    @Test
    void aBudgetOverFifteenMinutesCanNeverRunAJob() {
        TimeBudget hour = new TimeBudget(Duration.ofHours(1), Duration.ofSeconds(90), Duration.ofSeconds(60),
                Duration.ofSeconds(10));

        assertThat(hour.neverFits()).get().asString().contains("= PT1H2M30S", "can never fit in a Lambda invocation",
                "set RUNNER_MAX_JOB_TIMEOUT to at most PT12M30S");
        assertThat(BUDGET.neverFits()).isEmpty();
    }

    @Test
    void aReserveNoLongerThanTheKillGraceCannotStopAJobInTime() {
        TimeBudget tight = new TimeBudget(Duration.ofMinutes(10), Duration.ofSeconds(10), Duration.ofSeconds(60),
                Duration.ofSeconds(10));

        assertThat(tight.neverFits()).get().asString().contains("runner.lambda.reserve (PT10S) must be longer than "
                + "runner.sandbox.kill-grace (PT10S)");
    }

    private static DeadlineAdmission admission(Duration remaining) {
        return new DeadlineAdmission(Deadline.in(remaining, CLOCK), BUDGET, Duration.ZERO, CLOCK);
    }
}
