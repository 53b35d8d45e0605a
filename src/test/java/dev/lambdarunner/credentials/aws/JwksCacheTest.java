package dev.lambdarunner.credentials.aws;

import dev.lambdarunner.testsupport.FakeOidcIssuer;
import dev.lambdarunner.testsupport.FakeTime;
import dev.lambdarunner.testsupport.SigningKey;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JwksCacheTest {

    private final FakeOidcIssuer gitlab = FakeOidcIssuer.offline("https://gitlab.example.com");
    private final StringJwks jwks = new StringJwks(gitlab::jwks);
    private final FakeTime clock = new FakeTime();
    private final JwksCache cache = new JwksCache(jwks, Duration.ofMinutes(10), Duration.ofSeconds(10), clock);

    @Test
    void keysAreReadOnceAndReusedUntilTheTtlRunsOut() throws Exception {
        cache.key("rsa-1");
        clock.advance(Duration.ofMinutes(9));
        cache.key("ec-1");
        assertThat(jwks.fetches()).isEqualTo(1);

        clock.advance(Duration.ofMinutes(1));
        cache.key("rsa-1");
        assertThat(jwks.fetches()).isEqualTo(2);
    }

    @Test
    void aKeyRotatedInAfterTheLastReadIsFoundWithOneFreshRead() throws Exception {
        cache.key("rsa-1");
        SigningKey rotated = gitlab.rotate("rsa-2", SigningKey.Kind.RSA);
        clock.advance(Duration.ofSeconds(11));

        assertThat(cache.key("rsa-2").getKeyID()).isEqualTo(rotated.kid());
        assertThat(jwks.fetches()).isEqualTo(2);
    }

    @Test
    void unknownKeyIdsTriggerAtMostOneReadPerMinimumInterval() throws Exception {
        cache.key("rsa-1");
        clock.advance(Duration.ofSeconds(11));
        for (int i = 0; i < 5; i++) {
            int n = i;
            assertThatThrownBy(() -> cache.key("made-up-" + n)).isInstanceOf(IdTokenException.class)
                    .hasMessage("key: no signing key 'made-up-" + n + "' in memory:jwks");
        }
        assertThat(jwks.fetches()).as("one read for the first unknown kid, none for the rest").isEqualTo(2);
    }

    @Test
    void anUnreadableJwksFailsWithWhereAndWhy() {
        JwksCache broken = new JwksCache(new JwksSource() {
            @Override
            public String fetch() throws IOException {
                throw new IOException("HTTP 503");
            }

            @Override
            public String location() {
                return "https://gitlab.example.com/oauth/discovery/keys";
            }
        }, Duration.ofMinutes(10), Duration.ofSeconds(10), clock);

        assertThatThrownBy(() -> broken.key("rsa-1")).isInstanceOf(IdTokenException.class)
                .hasMessage("key: reading GitLab's signing keys from https://gitlab.example.com/oauth/discovery/keys: HTTP 503");
        JwksCache notJson = new JwksCache(new StringJwks(() -> "<html>"), Duration.ofMinutes(1), Duration.ofSeconds(1), clock);
        assertThatThrownBy(() -> notJson.key("rsa-1")).hasMessage("key: reading GitLab's signing keys from memory:jwks: not JSON");
    }
}
