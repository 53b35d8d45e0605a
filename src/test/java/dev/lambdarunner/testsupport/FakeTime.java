package dev.lambdarunner.testsupport;

import dev.lambdarunner.gitlab.Sleeper;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The one test clock: time moves only when code under test sleeps on it or the test {@link #advance}s it, so
 * waits take no wall time and every wait asked for is recorded. Pass it wherever code takes a {@link Clock}
 * or a {@link Sleeper}; both views see the same time.
 */
public final class FakeTime extends Clock implements Sleeper {

    /** Where every fake time starts unless a test says otherwise. */
    public static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

    private final List<Duration> sleeps = new ArrayList<>();
    private Runnable onSleep = () -> { };
    private Instant now;

    public FakeTime() {
        this(START);
    }

    public FakeTime(Instant start) {
        this.now = start;
    }

    /** Records {@code d} and moves the time forward by it, at once. */
    @Override
    public synchronized void sleep(Duration d) {
        sleeps.add(d);
        now = now.plus(d);
        onSleep.run();
    }

    /** Runs {@code action} after each sleep, e.g. to raise a stop while the code under test waits. */
    public synchronized void onSleep(Runnable action) {
        onSleep = action;
    }

    /** Moves the time forward without recording a sleep (time passing while the code under test works). */
    public synchronized void advance(Duration d) {
        now = now.plus(d);
    }

    /** Every sleep asked for, in order. */
    public synchronized List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }

    @Override
    public synchronized Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /** Only UTC: a second clock in another zone would not move with this one. */
    @Override
    public Clock withZone(ZoneId zone) {
        if (!ZoneOffset.UTC.equals(zone)) {
            throw new UnsupportedOperationException("fake time runs in UTC only, not " + zone);
        }
        return this;
    }
}
