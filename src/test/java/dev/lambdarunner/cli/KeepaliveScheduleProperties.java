package dev.lambdarunner.cli;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class KeepaliveScheduleProperties {

    private static final Instant START = Instant.parse("2026-01-01T10:00:00Z");

    @Property(tries = 1000)
    void invocationsNeverOverlapStartsAreSpacedAndBackoffStaysBetweenItsStartAndCap(
            @ForAll @LongRange(min = 0, max = 600_000) long minIntervalMs,
            @ForAll @LongRange(min = 0, max = 900_000) long maxBackoffMs,
            @ForAll @LongRange(min = 0, max = 900_000) long tookMs,
            @ForAll @IntRange(min = 0, max = 100) int failures) {
        KeepaliveSchedule schedule = new KeepaliveSchedule(Duration.ofMillis(minIntervalMs), Duration.ofMillis(maxBackoffMs));
        Instant end = START.plusMillis(tookMs);

        Instant next = schedule.next(START, end, failures);

        assertThat(next).as("never before the previous one returned").isAfterOrEqualTo(end);
        assertThat(Duration.between(START, next)).as("starts at least min-interval apart")
                .isGreaterThanOrEqualTo(Duration.ofMillis(minIntervalMs));
        if (failures > 0) {
            Duration base = Duration.ofMillis(Math.max(minIntervalMs, 1000));
            Duration cap = Duration.ofMillis(Math.max(maxBackoffMs, base.toMillis()));
            assertThat(schedule.backoff(1)).as("starts at min-interval, at least 1 s").isEqualTo(base);
            assertThat(schedule.backoff(failures)).isBetween(base, cap);
        }
    }
}
