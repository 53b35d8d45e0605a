package dev.lambdarunner.trace;

import dev.lambdarunner.gitlab.Sleeper;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** A sleeper that does not sleep but moves a clock forward and records what was asked. */
final class FakeTime implements Sleeper {

    static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

    private final List<Duration> sleeps = new ArrayList<>();
    private Instant now = START;

    @Override
    public synchronized void sleep(Duration d) {
        sleeps.add(d);
        now = now.plus(d);
    }

    synchronized void advance(Duration d) {
        now = now.plus(d);
    }

    synchronized List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }

    synchronized Instant now() {
        return now;
    }

    Clock clock() {
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Instant instant() {
                return now();
            }
        };
    }
}
