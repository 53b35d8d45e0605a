package dev.lambdarunner.gitlab;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The one exponential backoff of the runner: the wait before retry {@code n} is {@code initial * factor^(n-1)},
 * spread by {@code ±jitter}, never above {@code cap}. Pure: the random value is a parameter and {@link #fits} takes
 * the current instant, so callers decide how to wait ({@link Sleeper}) and tests need no clock. Its users and their
 * values:
 * <ul>
 *   <li>GitLab calls ({@link RetryPolicy#defaults()}): 100 ms doubling up to 60 s, 10 % jitter, 5 attempts, each
 *   wait also bounded by the call's {@link CallDeadlines};</li>
 *   <li>the final job update ({@code trace.FinalUpdate}): 1 s doubling up to 30 s, no jitter, within the report
 *   deadline;</li>
 *   <li>{@code keepalive} after failed invocations ({@code cli.KeepaliveSchedule}): {@code --min-interval} (at least
 *   1 s) doubling up to {@code --max-backoff}, no jitter, no deadline.</li>
 * </ul>
 *
 * @param initial the wait before the first retry
 * @param factor  growth per retry (at least 1)
 * @param cap     the longest wait (at least {@code initial})
 * @param jitter  fraction in [0, 1] by which a wait is randomly shortened or lengthened (before the cap)
 */
public record Backoff(Duration initial, double factor, Duration cap, double jitter) {

    public Backoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(cap, "cap");
        if (initial.isNegative() || cap.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 <= initial <= cap, got " + initial + " and " + cap);
        }
        if (!(factor >= 1.0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("backoff factor must be a finite number >= 1, got " + factor);
        }
        if (!(jitter >= 0.0 && jitter <= 1.0)) {
            throw new IllegalArgumentException("backoff jitter must be within [0, 1], got " + jitter);
        }
    }

    /** Doubling from {@code initial} up to {@code cap}, without jitter. */
    public static Backoff doubling(Duration initial, Duration cap) {
        return new Backoff(initial, 2.0, cap, 0.0);
    }

    /** The wait before retry {@code retry} (1 = after the first attempt) without jitter. */
    public Duration delay(int retry) {
        return delay(retry, 0.5);
    }

    /**
     * The wait before retry {@code retry} (1 = after the first attempt; lower counts as 1), within [0, cap].
     * Waits above about 292 years (the nanoseconds a {@code long} holds) are taken as the cap.
     *
     * @param random a uniform value in [0, 1) choosing the jitter; 0.5 means none
     */
    public Duration delay(int retry, double random) {
        if (initial.isZero()) {
            return Duration.ZERO;
        }
        double base = nanos(initial) * Math.pow(factor, Math.max(0, retry - 1));
        double spread = base * (1.0 + jitter * (2.0 * random - 1.0));
        if (spread >= nanos(cap)) {
            return cap;
        }
        return Duration.ofNanos((long) Math.max(0.0, spread));
    }

    /**
     * Whether a wait of {@code wait} from {@code now} ends no later than {@code deadline}; {@link Instant#MAX} is no
     * deadline. A caller that waits only when this holds never waits past its deadline.
     */
    public static boolean fits(Instant now, Duration wait, Instant deadline) {
        return deadline.equals(Instant.MAX) || !now.plus(wait).isAfter(deadline);
    }

    private static long nanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }
}
