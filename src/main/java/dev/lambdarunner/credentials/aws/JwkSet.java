package dev.lambdarunner.credentials.aws;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.JSONObjectUtils;

import java.io.IOException;
import java.text.ParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The signing keys of a JWKS document (RFC 7517) by {@code kid}, each read by nimbus-jose-jwt: RSA and EC
 * (P-256/P-384/P-521, the point checked to be on the curve). Keys without a {@code kid}, meant for encryption
 * ({@code use} other than {@code sig}), of another type, or malformed are left out one by one (nimbus's
 * {@code JWKSet.parse} would drop the whole set), so one odd key does not make the others unusable; a kid used
 * twice is left out too (which one was meant cannot be told).
 */
final class JwkSet {

    private JwkSet() {
    }

    static Map<String, JWK> parse(String document) throws IOException {
        Map<String, Object> set;
        try {
            set = JSONObjectUtils.parse(document);
        } catch (ParseException | RuntimeException e) {
            throw new IOException("not JSON", e);
        }
        Object keys = set == null ? null : set.get("keys");
        if (!(keys instanceof List<?> list)) {
            throw new IOException("not a JWKS document (no \"keys\" array)");
        }
        Map<String, JWK> byKid = new HashMap<>();
        Map<String, Integer> seen = new HashMap<>();
        for (Object member : list) {
            signingKey(member).ifPresent(k -> {
                seen.merge(k.getKeyID(), 1, Integer::sum);
                byKid.put(k.getKeyID(), k);
            });
        }
        seen.forEach((kid, count) -> {
            if (count > 1) {
                byKid.remove(kid);
            }
        });
        return Map.copyOf(byKid);
    }

    private static Optional<JWK> signingKey(Object member) {
        if (!(member instanceof Map<?, ?>)) {
            return Optional.empty();
        }
        try {
            @SuppressWarnings("unchecked")
            JWK key = JWK.parse((Map<String, Object>) member);
            boolean signing = key.getKeyUse() == null || KeyUse.SIGNATURE.equals(key.getKeyUse());
            boolean asymmetric = key instanceof RSAKey || key instanceof ECKey;
            if (key.getKeyID() == null || !signing || !asymmetric) {
                return Optional.empty();
            }
            ((AsymmetricJWK) key).toPublicKey(); // the JDK builds the key: a modulus that is not one is left out here
            return Optional.of(key);
        } catch (ParseException | JOSEException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
