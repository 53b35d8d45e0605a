package dev.lambdarunner.cli;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeepaliveScheduleTest {

    private static final Instant START = Instant.parse("2026-01-01T10:00:00Z");
    private static final KeepaliveSchedule SCHEDULE = new KeepaliveSchedule(Duration.ofMinutes(1), Duration.ofMinutes(5));

    @Test
    void aQuickInvocationIsFollowedOneMinIntervalAfterItStarted() {
        assertThat(SCHEDULE.next(START, START.plusSeconds(3), 0)).isEqualTo(START.plusSeconds(60));
    }

    @Test
    void aLongInvocationIsFollowedAtOnceWhenItReturns() {
        assertThat(SCHEDULE.next(START, START.plusSeconds(840), 0)).isEqualTo(START.plusSeconds(840));
    }

    @Test
    void failuresInARowWaitDoublingTimesFromTheFailedInvocationsEndUpToTheCap() {
        Instant end = START.plusSeconds(2);

        assertThat(SCHEDULE.next(START, end, 1)).isEqualTo(end.plusSeconds(60));
        assertThat(SCHEDULE.next(START, end, 2)).isEqualTo(end.plusSeconds(120));
        assertThat(SCHEDULE.next(START, end, 3)).isEqualTo(end.plusSeconds(240));
        assertThat(SCHEDULE.next(START, end, 4)).isEqualTo(end.plusSeconds(300));
        assertThat(SCHEDULE.next(START, end, 60)).isEqualTo(end.plusSeconds(300));
    }

    @Test
    void withoutAMinIntervalBackoffStillStartsAtOneSecond() {
        KeepaliveSchedule eager = new KeepaliveSchedule(Duration.ZERO, Duration.ofSeconds(10));

        assertThat(eager.next(START, START.plusMillis(5), 0)).isEqualTo(START.plusMillis(5));
        assertThat(eager.backoff(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(eager.backoff(4)).isEqualTo(Duration.ofSeconds(8));
        assertThat(eager.backoff(5)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void aCapBelowTheMinIntervalNeverShortensIt() {
        assertThat(new KeepaliveSchedule(Duration.ofMinutes(2), Duration.ofSeconds(5)).backoff(3))
                .isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void theCommandsBackoffStartsAtOneSecond() {
        assertThat(SCHEDULE.minBackoff()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void negativeIntervalsAreRefused() {
        assertThatThrownBy(() -> new KeepaliveSchedule(Duration.ofSeconds(-1), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
