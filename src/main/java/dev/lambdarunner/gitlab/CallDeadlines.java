package dev.lambdarunner.gitlab;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * When GitLab calls must stop, their retries and the waits between them included. The client knows nothing of
 * what sets these instants (in Lambda: the invocation's deadline); {@link #NONE} (the CLI) never stops a call.
 * <ul>
 *   <li>A {@code jobs/request} attempt (the first and every retry) is sent no later than {@code lastJobRequest}:
 *   a job GitLab hands over must still fit after it, so a request is never sent once that is no longer true, and
 *   its long poll is never cut short.</li>
 *   <li>Every other call is over by {@code callsEnd}: an attempt's timeout is shortened to the time left, an
 *   attempt is not started with less than {@link #MIN_ATTEMPT} left, and no wait before a retry goes past the
 *   last instant an attempt may start.</li>
 * </ul>
 *
 * @param lastJobRequest the latest instant a {@code jobs/request} attempt may be sent
 * @param callsEnd       the instant by which every other call must be over
 */
public record CallDeadlines(Instant lastJobRequest, Instant callsEnd) {

    /** No deadline: calls are bounded by their attempts and timeouts only. */
    public static final CallDeadlines NONE = new CallDeadlines(Instant.MAX, Instant.MAX);

    /** The least time worth starting an attempt with; a shorter one would only time out. */
    static final Duration MIN_ATTEMPT = Duration.ofSeconds(1);

    public CallDeadlines {
        Objects.requireNonNull(lastJobRequest, "lastJobRequest");
        Objects.requireNonNull(callsEnd, "callsEnd");
    }

    Cutoff forJobRequest() {
        return new Cutoff(lastJobRequest, callsEnd);
    }

    Cutoff forCall() {
        return new Cutoff(callsEnd.minus(MIN_ATTEMPT), callsEnd);
    }

    /**
     * One call's limits: attempts start no later than {@code lastStart}, and none runs past {@code end}.
     */
    record Cutoff(Instant lastStart, Instant end) {

        /** Whether an attempt may start at {@code now}. */
        boolean allowsAttempt(Instant now) {
            return !now.isAfter(lastStart);
        }

        /** Whether the attempt after waiting {@code delay} from {@code now} may still start. */
        boolean allowsWait(Instant now, Duration delay) {
            return Backoff.fits(now, delay, lastStart);
        }

        /** Time left until {@code end}; never negative. */
        Duration left(Instant now) {
            if (end.equals(Instant.MAX)) {
                return Duration.ofSeconds(Long.MAX_VALUE);
            }
            Duration left = Duration.between(now, end);
            return left.isNegative() ? Duration.ZERO : left;
        }
    }
}
