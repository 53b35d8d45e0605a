package dev.lambdarunner.testsupport;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Knobs a test may turn while the server runs; read on every request. */
final class Settings {
    private volatile Duration longPoll = Duration.ofSeconds(2);
    private volatile int traceUpdateIntervalSeconds = 3;
    private final Map<String, String> watchedSecrets = new ConcurrentHashMap<>();

    /** Values no trace may hold besides the job's own secrets, by label (e.g. a runner secret's values). */
    Map<String, String> watchedSecrets() {
        return Map.copyOf(watchedSecrets);
    }

    void watchSecret(String label, String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("watching secret " + label + ": empty value");
        }
        watchedSecrets.put(label, value);
    }

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
