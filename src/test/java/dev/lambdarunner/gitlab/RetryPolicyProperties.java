package dev.lambdarunner.gitlab;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class RetryPolicyProperties {

    private static final Sleeper NO_SLEEP = d -> { };

    @Property
    void delay_isAlwaysWithinZeroAndMaxDelay(@ForAll("policies") RetryPolicy policy,
                                             @ForAll @IntRange(min = 1, max = 10_000) int retry,
                                             @ForAll("serverWaits") Optional<Duration> serverWait,
                                             @ForAll @DoubleRange(min = 0, max = 1, maxIncluded = false) double random) {
        Duration delay = policy.delay(retry, serverWait, random);

        assertThat(delay).isBetween(Duration.ZERO, policy.backoff().cap());
    }

    @Property
    void delay_honoursAServerWaitUpToMaxDelay(@ForAll("policies") RetryPolicy policy,
                                              @ForAll @IntRange(min = 1, max = 50) int retry,
                                              @ForAll @LongRange(min = 1, max = 7_200_000) long waitMillis,
                                              @ForAll @DoubleRange(min = 0, max = 1, maxIncluded = false) double random) {
        Duration wait = Duration.ofMillis(waitMillis);

        Duration delay = policy.delay(retry, Optional.of(wait), random);

        assertThat(delay).isEqualTo(wait.compareTo(policy.backoff().cap()) <= 0 ? wait : policy.backoff().cap());
    }

    @Property
    void serverWait_readsRetryAfterSeconds(@ForAll @LongRange(min = 1, max = 86_400) long seconds) {
        assertThat(RetryPolicy.serverWait(null, Long.toString(seconds), Instant.EPOCH))
                .contains(Duration.ofSeconds(seconds));
    }

    @Property
    void serverWait_readsRateLimitResetTimeRelativeToNow(@ForAll @LongRange(min = 0, max = 4_000_000_000L) long nowSeconds,
                                                         @ForAll @LongRange(min = 1, max = 86_400) long untilReset) {
        Instant now = Instant.ofEpochSecond(nowSeconds);
        String header = DateTimeFormatter.RFC_1123_DATE_TIME.format(now.plusSeconds(untilReset).atOffset(ZoneOffset.UTC));

        assertThat(RetryPolicy.serverWait(header, "7", now)).contains(Duration.ofSeconds(untilReset));
    }

    @Provide
    Arbitrary<RetryPolicy> policies() {
        Arbitrary<Long> minMillis = Arbitraries.longs().between(0, 10_000);
        Arbitrary<Long> extraMillis = Arbitraries.longs().between(0, 600_000);
        Arbitrary<Double> factor = Arbitraries.doubles().between(1.0, 10.0);
        Arbitrary<Double> jitter = Arbitraries.doubles().between(0.0, 1.0);
        return Combinators.combine(Arbitraries.integers().between(1, 10), minMillis, extraMillis, factor, jitter)
                .as((attempts, min, extra, f, j) -> new RetryPolicy(attempts, Duration.ofMillis(min),
                        Duration.ofMillis(min + extra), f, j, NO_SLEEP));
    }

    @Provide
    Arbitrary<Optional<Duration>> serverWaits() {
        return Arbitraries.longs().between(-10_000, 10_000_000).map(Duration::ofMillis).optional();
    }
}
