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
}
