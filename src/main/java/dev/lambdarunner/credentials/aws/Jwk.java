package dev.lambdarunner.credentials.aws;

import java.security.PublicKey;

/**
 * One signing key of a JWKS.
 *
 * @param alg the key's {@code alg} member, or {@code null} when the set does not pin one
 * @param crv the EC curve ({@code P-256}, ...), or {@code null} for RSA
 */
record Jwk(String kid, String kty, String alg, String crv, PublicKey key) {

    /** Why this key cannot check a token signed with {@code algorithm}, or {@code null} when it can. */
    String mismatch(JwsAlgorithm algorithm) {
        if (!algorithm.keyType().equals(kty)) {
            return "key '" + kid + "' is " + kty + ", the token says " + algorithm;
        }
        if (alg != null && !alg.equals(algorithm.name())) {
            return "key '" + kid + "' is for " + alg + ", the token says " + algorithm;
        }
        if (algorithm.curve() != null && !algorithm.curve().equals(crv)) {
            return "key '" + kid + "' is on curve " + crv + ", " + algorithm + " needs " + algorithm.curve();
        }
        return null;
    }
}
