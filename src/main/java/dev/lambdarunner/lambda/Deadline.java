package dev.lambdarunner.lambda;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** When the current invocation ends: Lambda stops the process at this instant, whatever it is doing. */
record Deadline(Instant end) {

    static Deadline in(Duration remaining, Clock clock) {
        return new Deadline(clock.instant().plus(remaining));
    }

    /** Time left at {@code clock}'s now; never negative. */
    Duration remaining(Clock clock) {
        Duration left = Duration.between(clock.instant(), end);
        return left.isNegative() ? Duration.ZERO : left;
    }
}
