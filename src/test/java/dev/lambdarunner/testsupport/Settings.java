package dev.lambdarunner.testsupport;

import java.time.Duration;

/** Knobs a test may turn while the server runs; read on every request. */
final class Settings {
    private volatile Duration longPoll = Duration.ofSeconds(2);
    private volatile int traceUpdateIntervalSeconds = 3;

    Duration longPoll() {
        return longPoll;
    }

    void longPoll(Duration value) {
        if (value.isNegative()) {
            throw new IllegalArgumentException("setting long poll duration: negative value " + value);
        }
        longPoll = value;
    }

    int traceUpdateIntervalSeconds() {
        return traceUpdateIntervalSeconds;
    }

    void traceUpdateIntervalSeconds(int value) {
        if (value < 0) {
            throw new IllegalArgumentException("setting trace update interval: negative value " + value);
        }
        traceUpdateIntervalSeconds = value;
    }
}
