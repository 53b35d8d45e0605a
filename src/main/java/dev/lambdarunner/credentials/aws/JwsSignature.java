package dev.lambdarunner.credentials.aws;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;

import java.util.List;
import java.util.Optional;

/**
 * The runner's choice of JWS algorithms and keys, with nimbus-jose-jwt doing the cryptography. GitLab signs
 * with RS256; the other RSA and ECDSA algorithms cost nothing to accept. {@code none}, the HMAC family (a public
 * key must never be used as a shared secret) and everything else are refused by name before a key is looked at.
 * nimbus's ECDSA verifier refuses r = 0 or s = 0 (CVE-2022-21449, "psychic signatures") whatever the JDK does.
 */
final class JwsSignature {

    static final List<JWSAlgorithm> ACCEPTED = List.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512);
    /** RSA keys below this size are refused (NIST SP 800-131A). */
    static final int MIN_RSA_BITS = 2048;

    private JwsSignature() {
    }

    static Optional<JWSAlgorithm> accepted(String alg) {
        return ACCEPTED.stream().filter(a -> a.getName().equals(alg)).findFirst();
    }

    /** Why {@code key} cannot check a token signed with {@code algorithm}, if it cannot. */
    static Optional<String> mismatch(JWK key, JWSAlgorithm algorithm) {
        String kid = key.getKeyID();
        String kty = key.getKeyType().getValue();
        String needed = JWSAlgorithm.Family.RSA.contains(algorithm) ? "RSA" : "EC";
        if (!needed.equals(kty)) {
            return Optional.of("key '" + kid + "' is " + kty + ", the token says " + algorithm);
        }
        if (key.getAlgorithm() != null && !key.getAlgorithm().getName().equals(algorithm.getName())) {
            return Optional.of("key '" + kid + "' is for " + key.getAlgorithm() + ", the token says " + algorithm);
        }
        if (key instanceof ECKey ec && !Curve.forJWSAlgorithm(algorithm).contains(ec.getCurve())) {
            return Optional.of("key '" + kid + "' is on curve " + ec.getCurve() + ", " + algorithm + " needs "
                    + Curve.forJWSAlgorithm(algorithm).iterator().next());
        }
        return Optional.empty();
    }

    /** Whether {@code signature} over {@code input} verifies with {@code key}; never throws for bad input. */
    static boolean verifies(JWK key, JWSHeader header, byte[] input, Base64URL signature) {
        try {
            JWSVerifier verifier;
            if (key instanceof RSAKey rsa) {
                if (rsa.size() < MIN_RSA_BITS) {
                    return false;
                }
                verifier = new RSASSAVerifier(rsa);
            } else if (key instanceof ECKey ec) {
                verifier = new ECDSAVerifier(ec);
            } else {
                return false;
            }
            return verifier.verify(header, input, signature);
        } catch (JOSEException | RuntimeException e) {
            return false; // a malformed signature is simply not a valid one
        }
    }
}
