package dev.lambdarunner.credentials.aws;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Optional;

/**
 * The JWS algorithms an ID token may be signed with: GitLab signs with RS256; the other RSA and ECDSA ones
 * cost nothing to accept. {@code none}, the HMAC family (a public key must never be used as a shared secret)
 * and everything else are refused by name. ECDSA signatures are the raw {@code R || S} of RFC 7518 §3.4.
 */
enum JwsAlgorithm {
    RS256("SHA256withRSA", "RSA", null, 0),
    RS384("SHA384withRSA", "RSA", null, 0),
    RS512("SHA512withRSA", "RSA", null, 0),
    ES256("SHA256withECDSAinP1363Format", "EC", "P-256", 32),
    ES384("SHA384withECDSAinP1363Format", "EC", "P-384", 48),
    ES512("SHA512withECDSAinP1363Format", "EC", "P-521", 66);

    /** RSA keys below this size are refused (NIST SP 800-131A). */
    static final int MIN_RSA_BITS = 2048;

    private final String javaName;
    private final String keyType;
    private final String curve;
    private final int coordinateBytes;

    JwsAlgorithm(String javaName, String keyType, String curve, int coordinateBytes) {
        this.javaName = javaName;
        this.keyType = keyType;
        this.curve = curve;
        this.coordinateBytes = coordinateBytes;
    }

    static Optional<JwsAlgorithm> named(String alg) {
        for (JwsAlgorithm a : values()) {
            if (a.name().equals(alg)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** The JWK {@code kty} this algorithm needs. */
    String keyType() {
        return keyType;
    }

    /** The JWK {@code crv} this algorithm needs, or {@code null} for RSA. */
    String curve() {
        return curve;
    }

    /** Whether {@code signature} over {@code input} verifies with {@code key}; never throws for bad input. */
    boolean verify(PublicKey key, byte[] input, byte[] signature) {
        if (!fits(key, signature)) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance(javaName);
            verifier.initVerify(key);
            verifier.update(input);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false; // a malformed signature is simply not a valid one
        }
    }

    private boolean fits(PublicKey key, byte[] signature) {
        if (keyType.equals("RSA")) {
            return key instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() >= MIN_RSA_BITS
                    && signature.length == (rsa.getModulus().bitLength() + 7) / 8;
        }
        // r = 0 or s = 0 is never a valid ECDSA signature (CVE-2022-21449 accepted them)
        return key instanceof ECPublicKey && signature.length == 2 * coordinateBytes
                && !allZero(signature, 0, coordinateBytes) && !allZero(signature, coordinateBytes, 2 * coordinateBytes);
    }

    private static boolean allZero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
