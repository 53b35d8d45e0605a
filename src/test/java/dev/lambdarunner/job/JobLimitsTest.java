package dev.lambdarunner.job;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class JobLimitsTest {

    private static final Instant START = Instant.parse("2026-11-26T10:00:00Z");

    @Test
    void gitlabTimeoutIsCappedByTheRunnersMaximum() {
        var limits = JobLimits.unbounded(Duration.ofMinutes(10));

        assertThat(limits.scriptDeadline(START, 3600)).isEqualTo(START.plusSeconds(600));
        assertThat(limits.scriptDeadline(START, 60)).isEqualTo(START.plusSeconds(60));
    }

    @Test
    void missingTimeoutFallsBackToTwoHoursLikeGitlabRunner() {
        var limits = JobLimits.unbounded(Duration.ofHours(5));

        assertThat(limits.effectiveTimeout(0)).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void hardDeadlineWins() {
        var limits = new JobLimits(Duration.ofHours(1), START.plusSeconds(30), START.plusSeconds(40));

        assertThat(limits.scriptDeadline(START, 3600)).isEqualTo(START.plusSeconds(30));
    }

    @Test
    void theLimitThatStopsAJobIsNamed() {
        var lambda = new JobLimits(Duration.ofMinutes(12), START.plusSeconds(600), START.plusSeconds(685));

        assertThat(lambda.scriptLimit(START, 300)).isEqualTo("the job's timeout of PT5M set in GitLab");
        assertThat(lambda.scriptLimit(START.minusSeconds(200), 3600)).isEqualTo("the runner's maximum job timeout of "
                + "PT12M (runner.max-job-timeout)").doesNotContain("Lambda");
        assertThat(lambda.scriptLimit(START, 3600)).startsWith("the Lambda invocation's deadline");
        assertThat(lambda.scriptLimit(START.plusSeconds(400), 300)).startsWith("the Lambda invocation's deadline");
        assertThat(JobLimits.unbounded(Duration.ofHours(3)).scriptLimit(START, 0))
                .isEqualTo("the default job timeout of PT2H (GitLab sent none)");
    }
}
