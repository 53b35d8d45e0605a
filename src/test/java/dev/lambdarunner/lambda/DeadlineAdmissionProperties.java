package dev.lambdarunner.lambda;

import dev.lambdarunner.job.JobLimits;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** The rule that keeps a job from being orphaned or cut short, for any timings. */
class DeadlineAdmissionProperties {

    private static final Instant START = Instant.parse("2026-01-01T10:00:00Z");

    @Property(tries = 1000)
    void aJobHandedOverAtTheLastMomentOfAnAdmittedLongPollStillHasItsWholeTimeoutBeforeItsHardDeadline(
            @ForAll @LongRange(min = 0, max = 900_000) long maxJobMs,
            @ForAll @LongRange(min = 0, max = 300_000) long reserveMs,
            @ForAll @LongRange(min = 0, max = 120_000) long requestMs,
            @ForAll @LongRange(min = 0, max = 1_000_000) long remainingMs) {
        TimeBudget budget = new TimeBudget(Duration.ofMillis(maxJobMs), Duration.ofMillis(reserveMs),
                Duration.ofMillis(requestMs), Duration.ZERO);
        Clock clock = Clock.fixed(START, ZoneOffset.UTC);
        Deadline deadline = Deadline.in(Duration.ofMillis(remainingMs), clock);
        DeadlineAdmission admission = new DeadlineAdmission(deadline, budget, Duration.ZERO, clock);

        if (admission.mayRequestJob()) {
            Instant latestHandOver = START.plusMillis(requestMs);
            JobLimits limits = admission.limitsFor(null);
            assertThat(limits.hardDeadline()).isAfterOrEqualTo(latestHandOver.plusMillis(maxJobMs));
            assertThat(limits.hardDeadline().plusMillis(reserveMs)).isBeforeOrEqualTo(deadline.end());
        } else {
            assertThat(remainingMs).isLessThan(maxJobMs + reserveMs + requestMs);
        }
    }

    @Property(tries = 1000)
    void aJobRequestRetryGoesOutExactlyWhileTheAdmissionWouldStillSayYes(
            @ForAll @LongRange(min = 0, max = 900_000) long maxJobMs,
            @ForAll @LongRange(min = 0, max = 300_000) long reserveMs,
            @ForAll @LongRange(min = 0, max = 120_000) long requestMs,
            @ForAll @LongRange(min = 0, max = 1_000_000) long remainingMs,
            @ForAll @LongRange(min = 0, max = 1_000_000) long laterMs) {
        TimeBudget budget = new TimeBudget(Duration.ofMillis(maxJobMs), Duration.ofMillis(reserveMs),
                Duration.ofMillis(requestMs), Duration.ZERO);
        Deadline deadline = Deadline.in(Duration.ofMillis(remainingMs), Clock.fixed(START, ZoneOffset.UTC));
        Clock later = Clock.fixed(START.plusMillis(laterMs), ZoneOffset.UTC);
        DeadlineAdmission admission = new DeadlineAdmission(deadline, budget, Duration.ZERO, later);

        boolean retryMayGo = !later.instant().isAfter(admission.callDeadlines().lastJobRequest());
        assertThat(retryMayGo).isEqualTo(admission.mayRequestJob());
        assertThat(admission.callDeadlines().callsEnd()).isBeforeOrEqualTo(deadline.end())
                .isAfterOrEqualTo(admission.limitsFor(null).hardDeadline());
    }
}
