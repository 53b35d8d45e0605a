package dev.lambdarunner.gitlab;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one backoff, for every caller's values: GitLab calls, the final update, keepalive. */
class BackoffProperties {

    private static final Instant START = Instant.parse("2026-12-05T09:00:00Z");

    @Property
    void aDelayNeverExceedsTheCap(@ForAll("backoffs") Backoff backoff, @ForAll @IntRange(min = -5, max = 10_000) int retry,
                                  @ForAll @DoubleRange(min = 0, max = 1, maxIncluded = false) double random) {
        assertThat(backoff.delay(retry, random)).isBetween(Duration.ZERO, backoff.cap());
    }

    @Property
    void withoutJitterDelaysStartAtInitialAndGrowByTheFactorUntilTheCap(@ForAll("backoffs") Backoff jittered,
                                                                        @ForAll @IntRange(min = 1, max = 200) int retry) {
        Backoff backoff = new Backoff(jittered.initial(), jittered.factor(), jittered.cap(), 0.0);
        Duration now = backoff.delay(retry);
        Duration next = backoff.delay(retry + 1);

        assertThat(backoff.delay(1)).isEqualTo(backoff.initial());
        assertThat(next).isGreaterThanOrEqualTo(now);
        if (now.compareTo(backoff.cap()) < 0) {
            long grown = (long) (backoff.initial().toNanos() * Math.pow(backoff.factor(), retry));
            assertThat(next.toNanos()).isBetween(Math.min(grown, backoff.cap().toNanos()) - 1,
                    Math.min(grown, backoff.cap().toNanos()));
        } else {
            assertThat(next).isEqualTo(backoff.cap());
        }
    }

    @Property
    void doublingDoublesExactlyUntilTheCap(@ForAll @LongRange(min = 0, max = 600_000) long initialMs,
                                           @ForAll @LongRange(min = 0, max = 3_600_000) long extraMs,
                                           @ForAll @IntRange(min = 1, max = 100) int retry) {
        Duration initial = Duration.ofMillis(initialMs);
        Duration cap = initial.plusMillis(extraMs);
        Backoff backoff = Backoff.doubling(initial, cap);

        Duration doubled = backoff.delay(retry).multipliedBy(2);

        assertThat(backoff.delay(retry + 1)).isEqualTo(doubled.compareTo(cap) < 0 ? doubled : cap);
    }

    @Property
    void jitterStaysWithinItsFractionAndIsDeterministic(@ForAll("backoffs") Backoff backoff,
                                                        @ForAll @IntRange(min = 1, max = 40) int retry,
                                                        @ForAll @DoubleRange(min = 0, max = 1, maxIncluded = false) double random) {
        long base = new Backoff(backoff.initial(), backoff.factor(), backoff.cap(), 0.0).delay(retry).toNanos();
        long spread = (long) Math.ceil(base * backoff.jitter()) + 1;

        long jittered = backoff.delay(retry, random).toNanos();

        assertThat(jittered).isBetween(Math.max(0, base - spread), Math.min(backoff.cap().toNanos(), base + spread));
        assertThat(backoff.delay(retry, random)).isEqualTo(Duration.ofNanos(jittered));
    }

    /**
     * A caller's loop on fake time (wait only while {@link Backoff#fits}): no wait ends past the deadline, the waits
     * are exactly the backoff's delays in order, and it gives up only when the next one would not fit.
     */
    @Property
    void aLoopThatWaitsOnlyWhenItFitsNeverPassesTheDeadline(@ForAll("backoffs") Backoff backoff,
                                                            @ForAll @LongRange(min = 0, max = 3_600_000) long budgetMs,
                                                            @ForAll @DoubleRange(min = 0, max = 1, maxIncluded = false) double random) {
        Instant deadline = START.plusMillis(budgetMs);
        Instant now = START;
        List<Duration> waits = new ArrayList<>();
        int retry = 1;
        for (; retry <= 50; retry++) {
            Duration wait = backoff.delay(retry, random);
            if (!Backoff.fits(now, wait, deadline)) {
                break;
            }
            waits.add(wait);
            now = now.plus(wait);
        }

        assertThat(now).isBeforeOrEqualTo(deadline);
        for (int i = 0; i < waits.size(); i++) {
            assertThat(waits.get(i)).isEqualTo(backoff.delay(i + 1, random));
        }
        if (retry <= 50) {
            assertThat(now.plus(backoff.delay(retry, random))).isAfter(deadline);
        }
    }

    @Property
    void withoutADeadlineEveryWaitFits(@ForAll("backoffs") Backoff backoff, @ForAll @IntRange(min = 1, max = 100) int retry) {
        assertThat(Backoff.fits(START, backoff.delay(retry), Instant.MAX)).isTrue();
    }

    @Property(tries = 50)
    void invalidBackoffsAreRefused(@ForAll @LongRange(min = 1, max = 60_000) long ms) {
        Duration d = Duration.ofMillis(ms);
        assertThatThrownBy(() -> new Backoff(d.negated(), 2.0, d, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(d.plusMillis(1), 2.0, d, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(d, 0.5, d, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(d, Double.NaN, d, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(d, 2.0, d, 1.5)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Any backoff, the three callers' among them. */
    @Provide
    Arbitrary<Backoff> backoffs() {
        Arbitrary<Backoff> any = Combinators.combine(Arbitraries.longs().between(0, 10_000),
                        Arbitraries.longs().between(0, 600_000), Arbitraries.doubles().between(1.0, 10.0),
                        Arbitraries.doubles().between(0.0, 1.0))
                .as((min, extra, factor, jitter) -> new Backoff(Duration.ofMillis(min), factor,
                        Duration.ofMillis(min + extra), jitter));
        return Arbitraries.frequencyOf(
                Tuple.of(7, any),
                Tuple.of(1, Arbitraries.just(RetryPolicy.defaults().backoff())),
                Tuple.of(1, Arbitraries.just(Backoff.doubling(Duration.ofSeconds(1), Duration.ofSeconds(30)))),
                Tuple.of(1, Arbitraries.just(Backoff.doubling(Duration.ofMinutes(1), Duration.ofMinutes(5)))));
    }
}
