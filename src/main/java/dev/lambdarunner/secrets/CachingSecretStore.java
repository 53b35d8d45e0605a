package dev.lambdarunner.secrets;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Reuses a loaded document for a bounded time, so that a warm Lambda function does not call Secrets Manager
 * and KMS on every invocation, yet picks up a rotated token or a removed credential set within {@code ttl}.
 * A failed load is not cached: the next call tries again. A zero {@code ttl} turns caching off.
 */
final class CachingSecretStore implements SecretStore {

    private final SecretStore delegate;
    private final Duration ttl;
    private final Clock clock;
    private RunnerSecrets cached;
    private Instant loadedAt;

    CachingSecretStore(SecretStore delegate, Duration ttl, Clock clock) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (ttl == null || ttl.isNegative()) {
            throw new IllegalArgumentException("runner.secrets.cache-ttl must be zero or positive, was " + ttl);
        }
        this.ttl = ttl;
    }

    @Override
    public synchronized RunnerSecrets load() throws SecretStoreException {
        Instant now = clock.instant();
        if (cached != null && now.isBefore(loadedAt.plus(ttl))) {
            return cached;
        }
        cached = null;
        RunnerSecrets fresh = delegate.load();
        loadedAt = now;
        cached = fresh;
        return fresh;
    }

    @Override
    public String toString() {
        return "CachingSecretStore[ttl=" + ttl + ", " + delegate + "]";
    }
}
