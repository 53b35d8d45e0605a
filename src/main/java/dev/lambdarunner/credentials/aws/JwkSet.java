package dev.lambdarunner.credentials.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.ECFieldFp;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The signing keys of a JWKS document (RFC 7517) by {@code kid}: RSA ({@code n}, {@code e}) and EC
 * ({@code crv} P-256/P-384/P-521, {@code x}, {@code y}, the point checked to be on the curve). Keys without a
 * {@code kid}, meant for encryption ({@code use} other than {@code sig}), of another type, or malformed are left
 * out, so one odd key does not make the others unusable; a kid used twice is left out too (which one was meant
 * cannot be told).
 */
final class JwkSet {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> CURVES = Map.of("P-256", "secp256r1", "P-384", "secp384r1",
            "P-521", "secp521r1");

    private JwkSet() {
    }

    static Map<String, Jwk> parse(String document) throws IOException {
        JsonNode keys = JSON.readTree(document).path("keys");
        if (!keys.isArray()) {
            throw new IOException("not a JWKS document (no \"keys\" array)");
        }
        Map<String, Jwk> byKid = new HashMap<>();
        Map<String, Integer> seen = new HashMap<>();
        for (JsonNode node : keys) {
            Optional<Jwk> key = key(node);
            key.ifPresent(k -> {
                seen.merge(k.kid(), 1, Integer::sum);
                byKid.put(k.kid(), k);
            });
        }
        seen.forEach((kid, count) -> {
            if (count > 1) {
                byKid.remove(kid);
            }
        });
        return Map.copyOf(byKid);
    }

    private static Optional<Jwk> key(JsonNode node) {
        String kid = text(node, "kid");
        String kty = text(node, "kty");
        String use = text(node, "use");
        if (kid == null || kty == null || (use != null && !use.equals("sig"))) {
            return Optional.empty();
        }
        try {
            return switch (kty) {
                case "RSA" -> Optional.of(new Jwk(kid, kty, text(node, "alg"), null, rsa(node)));
                case "EC" -> Optional.of(new Jwk(kid, kty, text(node, "alg"), text(node, "crv"), ec(node)));
                default -> Optional.empty();
            };
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static PublicKey rsa(JsonNode node) throws GeneralSecurityException {
        BigInteger n = unsigned(node, "n");
        BigInteger e = unsigned(node, "e");
        return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
    }

    private static PublicKey ec(JsonNode node) throws GeneralSecurityException {
        String curve = CURVES.get(text(node, "crv"));
        if (curve == null) {
            throw new IllegalArgumentException("unsupported curve");
        }
        AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
        parameters.init(new ECGenParameterSpec(curve));
        ECParameterSpec spec = parameters.getParameterSpec(ECParameterSpec.class);
        ECPoint point = new ECPoint(unsigned(node, "x"), unsigned(node, "y"));
        if (!onCurve(point, spec)) {
            throw new IllegalArgumentException("point not on curve");
        }
        return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, spec));
    }

    /** y^2 = x^3 + ax + b (mod p), with both coordinates in the field. */
    private static boolean onCurve(ECPoint point, ECParameterSpec spec) {
        BigInteger p = ((ECFieldFp) spec.getCurve().getField()).getP();
        BigInteger x = point.getAffineX();
        BigInteger y = point.getAffineY();
        if (x.signum() < 0 || y.signum() < 0 || x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
            return false;
        }
        BigInteger left = y.multiply(y).mod(p);
        BigInteger right = x.pow(3).add(spec.getCurve().getA().multiply(x)).add(spec.getCurve().getB()).mod(p);
        return left.equals(right);
    }

    private static BigInteger unsigned(JsonNode node, String member) {
        String value = text(node, member);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("missing " + member);
        }
        return new BigInteger(1, Base64.getUrlDecoder().decode(value));
    }

    private static String text(JsonNode node, String member) {
        JsonNode value = node.get(member);
        return value != null && value.isTextual() ? value.asText() : null;
    }
}
