package dev.lambdarunner.gitlab;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** A clock that only moves when the retry layer sleeps on it: waits take no time and are recorded. */
final class SteppingClock extends Clock implements Sleeper {

    static final Instant START = Instant.parse("2026-12-05T09:00:00Z");

    private final List<Duration> sleeps = new ArrayList<>();
    private Instant now = START;

    @Override
    public synchronized void sleep(Duration d) {
        sleeps.add(d);
        now = now.plus(d);
    }

    synchronized List<Duration> sleeps() {
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

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException();
    }
}
