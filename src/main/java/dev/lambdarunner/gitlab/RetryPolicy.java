package dev.lambdarunner.gitlab;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The runner-side HTTP retry layer every GitLab call goes through (GLR {@code network/retry_requester.go},
 * documented in <a href="https://docs.gitlab.com/runner/configuration/proxy/#handling-rate-limited-requests">
 * Handling rate-limited requests</a>).
 * <p>
 * Only 408, 429, 500, 502, 503, 504 and statuses from 512 up are retried (plus transport failures); every
 * other status is an answer for the endpoint to interpret. The wait before the next attempt is, in order:
 * GitLab's {@code RateLimit-ResetTime}, its {@code Retry-After}, else exponential backoff with jitter. Every
 * wait is capped at the backoff's cap, so a misbehaving proxy cannot park the runner for hours.
 *
 * @param maxAttempts attempts in total, the first included (at least 1)
 * @param backoff     the waits when GitLab expressed no wish; its cap bounds every wait (at most one day)
 * @param sleeper     how waiting is done
 */
public record RetryPolicy(int maxAttempts, Backoff backoff, Sleeper sleeper) {

    static final String RATE_LIMIT_RESET_TIME = "RateLimit-ResetTime";
    static final String RETRY_AFTER = "Retry-After";

    private static final Set<Integer> RETRIED_STATUSES = Set.of(408, 429, 500, 502, 503, 504);
    private static final Duration LONGEST_DELAY = Duration.ofDays(1);

    public RetryPolicy {
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(sleeper, "sleeper");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("retry policy needs at least 1 attempt, got " + maxAttempts);
        }
        if (backoff.cap().compareTo(LONGEST_DELAY) > 0) {
            throw new IllegalArgumentException("retry policy needs a cap of at most 1 day, got " + backoff.cap());
        }
    }

    /**
     * The policy of {@code maxAttempts} attempts with a {@link Backoff} from {@code minDelay} growing by
     * {@code factor} up to {@code maxDelay}, spread by {@code jitter}.
     */
    public RetryPolicy(int maxAttempts, Duration minDelay, Duration maxDelay, double factor, double jitter,
                       Sleeper sleeper) {
        this(maxAttempts, new Backoff(minDelay, factor, maxDelay, jitter), sleeper);
    }

    /** GitLab Runner's values: 5 attempts, 100 ms doubling up to 60 s, 10 % jitter, real sleeping. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(5, new Backoff(Duration.ofMillis(100), 2.0, Duration.ofSeconds(60), 0.1), Sleeper.REAL);
    }

    /** Whether an answer with this status is tried again (while attempts remain). */
    public boolean retries(int status) {
        return RETRIED_STATUSES.contains(status) || status >= 512;
    }

    /**
     * The wait before retry number {@code retry} (1 = after the first attempt): the server's wish if it
     * expressed a positive one, else the backoff's; never more than the backoff's cap. Pure, for testing.
     *
     * @param random a uniform value in [0, 1) choosing the jitter
     */
    Duration delay(int retry, Optional<Duration> serverWait, double random) {
        Duration wait = serverWait.filter(w -> !w.isNegative() && !w.isZero())
                .orElseGet(() -> backoff.delay(retry, random));
        return wait.compareTo(backoff.cap()) > 0 ? backoff.cap() : wait;
    }

    /**
     * What GitLab asked for: {@code RateLimit-ResetTime} (an RFC 1123 date) minus {@code now} when that is
     * in the future, else a positive integer {@code Retry-After} in seconds, else nothing. Unreadable values
     * are ignored, as GitLab Runner does.
     */
    static Optional<Duration> serverWait(String rateLimitResetTime, String retryAfter, Instant now) {
        Optional<Duration> untilReset = parseResetTime(rateLimitResetTime).map(t -> Duration.between(now, t))
                .filter(d -> !d.isNegative() && !d.isZero());
        return untilReset.isPresent() ? untilReset : parseRetryAfter(retryAfter);
    }

    private static Optional<Instant> parseResetTime(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<Duration> parseRetryAfter(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            long seconds = Long.parseLong(value.trim());
            return seconds > 0 ? Optional.of(Duration.ofSeconds(Math.min(seconds, LONGEST_DELAY.toSeconds())))
                    : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
