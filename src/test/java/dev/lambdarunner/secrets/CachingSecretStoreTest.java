package dev.lambdarunner.secrets;

import dev.lambdarunner.testsupport.FakeTime;
import dev.lambdarunner.sensitive.Secret;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CachingSecretStoreTest {

    /** Counts loads and fails when told to. */
    static final class CountingStore implements SecretStore {
        int loads;
        boolean failing;

        @Override
        public RunnerSecrets load() throws SecretStoreException {
            loads++;
            if (failing) {
                throw new SecretStoreException("reading secret s: access denied");
            }
            return new RunnerSecrets(Secret.of("glrt-token-" + loads), Optional.empty(), Map.of());
        }
    }

    private final FakeTime clock = new FakeTime(Instant.parse("2026-12-01T10:00:00Z"));
    private final CountingStore delegate = new CountingStore();

    @Test
    void reusesTheDocumentWithinTheTtlAndReadsItAgainAfter() throws Exception {
        SecretStore store = new CachingSecretStore(delegate, Duration.ofMinutes(5), clock);

        RunnerSecrets first = store.load();
        clock.advance(Duration.ofMinutes(4).plusSeconds(59));
        assertThat(store.load()).isSameAs(first);
        clock.advance(Duration.ofSeconds(1));
        assertThat(store.load().runnerToken().value()).isEqualTo("glrt-token-2");
        assertThat(delegate.loads).isEqualTo(2);
    }

    @Test
    void aFailedReadIsNotCachedAndAnExpiredDocumentIsNotServedInstead() throws Exception {
        SecretStore store = new CachingSecretStore(delegate, Duration.ofMinutes(5), clock);
        store.load();
        clock.advance(Duration.ofMinutes(6));
        delegate.failing = true;

        assertThatThrownBy(store::load).hasMessage("reading secret s: access denied");
        delegate.failing = false;
        assertThat(store.load().runnerToken().value()).isEqualTo("glrt-token-3");
    }

    @Test
    void aZeroTtlReadsEveryTimeAndANegativeOneIsRefused() throws Exception {
        SecretStore store = new CachingSecretStore(delegate, Duration.ZERO, clock);
        store.load();
        store.load();
        assertThat(delegate.loads).isEqualTo(2);
        assertThatThrownBy(() -> new CachingSecretStore(delegate, Duration.ofSeconds(-1), clock))
                .hasMessageContaining("runner.secrets.cache-ttl must be zero or positive");
    }
}
