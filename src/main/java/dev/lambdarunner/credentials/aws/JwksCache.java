package dev.lambdarunner.credentials.aws;

import com.nimbusds.jose.jwk.JWK;
import dev.lambdarunner.credentials.aws.IdTokenException.Check;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * GitLab's signing keys, read when first needed and again once they are older than the TTL. A token naming a
 * key the cache does not hold makes one fresh read (GitLab may have rotated its key), but no more often than
 * {@code minRefetch}, so tokens with made-up key ids cannot make the runner hammer GitLab. Thread-safe.
 */
final class JwksCache {

    private final JwksSource source;
    private final Duration ttl;
    private final Duration minRefetch;
    private final Clock clock;
    private Map<String, JWK> keys;
    private Instant fetchedAt;

    JwksCache(JwksSource source, Duration ttl, Duration minRefetch, Clock clock) {
        this.source = source;
        this.ttl = ttl;
        this.minRefetch = minRefetch;
        this.clock = clock;
    }

    /** The key with id {@code kid}. */
    synchronized JWK key(String kid) throws IdTokenException {
        Instant now = clock.instant();
        if (keys == null || !now.isBefore(fetchedAt.plus(ttl))) {
            refresh(now);
        } else if (!keys.containsKey(kid) && !now.isBefore(fetchedAt.plus(minRefetch))) {
            refresh(now);
        }
        JWK key = keys.get(kid);
        if (key == null) {
            throw new IdTokenException(Check.KEY, "no signing key '" + kid + "' in " + source.location());
        }
        return key;
    }

    private void refresh(Instant now) throws IdTokenException {
        try {
            keys = JwkSet.parse(source.fetch());
            fetchedAt = now;
        } catch (IOException | RuntimeException e) {
            throw new IdTokenException(Check.KEY, "reading GitLab's signing keys from " + source.location() + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        }
    }
}
