package dev.lambdarunner.testsupport;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * A key pair a test signs ID tokens with, and its public half as a JWK. RSA keys sign RS256 (like GitLab),
 * EC P-256 keys ES256 (signature as raw R || S, RFC 7518 §3.4).
 */
public final class SigningKey {

    /** The kinds of key a test may make. */
    public enum Kind { RSA, EC }

    private final String kid;
    private final Kind kind;
    private final KeyPair pair;

    private SigningKey(String kid, Kind kind, KeyPair pair) {
        this.kid = kid;
        this.kind = kind;
        this.pair = pair;
    }

    /** A fresh RSA 2048 or EC P-256 key pair. */
    public static SigningKey generate(String kid, Kind kind) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(kind == Kind.RSA ? "RSA" : "EC");
            if (kind == Kind.RSA) {
                generator.initialize(2048);
            } else {
                generator.initialize(new ECGenParameterSpec("secp256r1"));
            }
            return new SigningKey(kid, kind, generator.generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("generating " + kind + " key: " + e.getMessage(), e);
        }
    }

    public String kid() {
        return kid;
    }

    public Kind kind() {
        return kind;
    }

    /** The JWS algorithm this key signs with. */
    public String alg() {
        return kind == Kind.RSA ? "RS256" : "ES256";
    }

    /** The public key as a JWK, as GitLab publishes it ({@code use: sig}, {@code alg}). */
    public ObjectNode jwk() {
        ObjectNode jwk = JsonNodeFactory.instance.objectNode().put("kid", kid).put("use", "sig").put("alg", alg());
        if (pair.getPublic() instanceof RSAPublicKey rsa) {
            return jwk.put("kty", "RSA").put("n", b64(unsigned(rsa.getModulus(), 0)))
                    .put("e", b64(unsigned(rsa.getPublicExponent(), 0)));
        }
        ECPublicKey ec = (ECPublicKey) pair.getPublic();
        return jwk.put("kty", "EC").put("crv", "P-256").put("x", b64(unsigned(ec.getW().getAffineX(), 32)))
                .put("y", b64(unsigned(ec.getW().getAffineY(), 32)));
    }

    /** The public key's encoding (X.509), e.g. to try it as an HMAC secret. */
    public byte[] publicKeyBytes() {
        return pair.getPublic().getEncoded();
    }

    byte[] sign(byte[] input) {
        try {
            Signature signer = Signature.getInstance(kind == Kind.RSA ? "SHA256withRSA" : "SHA256withECDSAinP1363Format");
            signer.initSign(pair.getPrivate());
            signer.update(input);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing with " + kid + ": " + e.getMessage(), e);
        }
    }

    static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Big-endian without the sign byte, left-padded to {@code length} when that is larger. */
    private static byte[] unsigned(BigInteger value, int length) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        if (bytes.length >= length) {
            return bytes;
        }
        byte[] padded = new byte[length];
        System.arraycopy(bytes, 0, padded, length - bytes.length, bytes.length);
        return padded;
    }
}
