package dev.lambdarunner.gitlab;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryPolicyTest {

    private static final Instant NOW = Instant.parse("2026-10-21T07:27:30Z");
    private final RetryPolicy policy = RetryPolicy.defaults();

    @ParameterizedTest
    @ValueSource(ints = {408, 429, 500, 502, 503, 504, 512, 520, 599})
    void retries_gitLabRunnersStatuses(int status) {
        assertThat(policy.retries(status)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {200, 201, 202, 204, 400, 401, 403, 404, 409, 412, 416, 422, 501, 505, 511})
    void retries_notOthers(int status) {
        assertThat(policy.retries(status)).isFalse();
    }

    @Test
    void defaults_areGitLabRunners() {
        assertThat(policy.maxAttempts()).isEqualTo(5);
        assertThat(policy.backoff()).isEqualTo(new Backoff(Duration.ofMillis(100), 2.0, Duration.ofSeconds(60), 0.1));
    }

    @Test
    void backoff_withoutJitter_doublesFrom100msUpTo60s() {
        RetryPolicy exact = new RetryPolicy(20, Duration.ofMillis(100), Duration.ofSeconds(60), 2.0, 0.0, d -> { });

        assertThat(exact.delay(1, Optional.empty(), 0.7)).isEqualTo(Duration.ofMillis(100));
        assertThat(exact.delay(2, Optional.empty(), 0.7)).isEqualTo(Duration.ofMillis(200));
        assertThat(exact.delay(4, Optional.empty(), 0.7)).isEqualTo(Duration.ofMillis(800));
        assertThat(exact.delay(15, Optional.empty(), 0.7)).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void serverWait_prefersRateLimitResetTime() {
        assertThat(RetryPolicy.serverWait("Wed, 21 Oct 2026 07:28:00 GMT", "7", NOW)).contains(Duration.ofSeconds(30));
    }

    @Test
    void serverWait_resetTimeInThePastOrUnreadable_fallsBackToRetryAfter() {
        assertThat(RetryPolicy.serverWait("Wed, 21 Oct 2026 07:27:00 GMT", "7", NOW)).contains(Duration.ofSeconds(7));
        assertThat(RetryPolicy.serverWait("tomorrow", "7", NOW)).contains(Duration.ofSeconds(7));
    }

    @Test
    void serverWait_absentZeroOrUnreadable_isEmpty() {
        assertThat(RetryPolicy.serverWait(null, null, NOW)).isEmpty();
        assertThat(RetryPolicy.serverWait(null, "0", NOW)).isEmpty();
        assertThat(RetryPolicy.serverWait(null, "Wed, 21 Oct 2026 07:28:00 GMT", NOW)).isEmpty();
    }

    @Test
    void delay_withoutServerWait_isBackoff() {
        assertThat(policy.delay(1, Optional.empty(), 0.5)).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void invalidPolicies_areRefused() {
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO, 1, 0, d -> { }))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryPolicy(1, Duration.ofSeconds(2), Duration.ofSeconds(1), 1, 0, d -> { }))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 0.5, 0, d -> { }))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 1, 1.5, d -> { }))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryPolicy(1, Duration.ZERO, Duration.ofDays(1).plusMillis(1), 1, 0, d -> { }))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
