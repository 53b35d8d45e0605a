package dev.lambdarunner.cli;

import dev.lambdarunner.gitlab.Backoff;

import java.time.Duration;
import java.time.Instant;

/**
 * When {@code keepalive} invokes next. Invocations never overlap. After a good invocation the next one starts when
 * it has returned and {@code minInterval} has passed since it started, whichever is later:
 * {@code max(end, start + minInterval)}. After the n-th failure in a row it waits from the failed invocation's end
 * {@code base * 2^(n-1)}, at most {@code maxBackoff}, where {@code base} is {@code minInterval} but at least
 * {@code minBackoff} (one second), so that failures never make it spin: a doubling {@link Backoff} with no deadline
 * (keepalive runs until stopped).
 */
record KeepaliveSchedule(Duration minInterval, Duration maxBackoff, Duration minBackoff) {

    static final Duration MIN_BACKOFF = Duration.ofSeconds(1);

    KeepaliveSchedule {
        if (minInterval.isNegative() || maxBackoff.isNegative() || minBackoff.isNegative()) {
            throw new IllegalArgumentException("keepalive intervals must not be negative");
        }
    }

    KeepaliveSchedule(Duration minInterval, Duration maxBackoff) {
        this(minInterval, maxBackoff, MIN_BACKOFF);
    }

    Instant next(Instant start, Instant end, int failuresInARow) {
        if (failuresInARow <= 0) {
            Instant earliest = start.plus(minInterval);
            return earliest.isAfter(end) ? earliest : end;
        }
        return end.plus(backoff(failuresInARow));
    }

    /** The wait after the {@code n}-th failure in a row. */
    Duration backoff(int n) {
        return failureBackoff().delay(n);
    }

    /** From {@code minInterval} (at least {@code minBackoff}) up to {@code maxBackoff} (at least that start). */
    private Backoff failureBackoff() {
        Duration base = minInterval.compareTo(minBackoff) < 0 ? minBackoff : minInterval;
        Duration cap = maxBackoff.compareTo(base) < 0 ? base : maxBackoff;
        return Backoff.doubling(base, cap);
    }
}
