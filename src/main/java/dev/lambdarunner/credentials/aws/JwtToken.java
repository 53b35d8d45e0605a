package dev.lambdarunner.credentials.aws;

import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.lambdarunner.credentials.aws.IdTokenException.Check;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A compact JWS ({@code header.payload.signature}) split and decoded, nothing checked yet: header and payload
 * are JSON objects (read by nimbus-jose-jwt, which refuses duplicate members and trailing text), every part
 * base64url without padding and in its one canonical spelling. Claims mean nothing until {@link IdTokenVerifier}
 * has checked the signature over {@link #signingInput()}.
 *
 * @param encodedHeader the header as sent, which nimbus keeps with the parsed header
 */
record JwtToken(Base64URL encodedHeader, Map<String, Object> header, Map<String, Object> payload, byte[] signingInput,
                Base64URL signature) {

    /** GitLab's tokens are about 1 KB; anything far larger is not one of them. */
    static final int MAX_LENGTH = 16 * 1024;
    private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]*");

    static JwtToken parse(String raw) throws IdTokenException {
        String token = raw.strip();
        if (token.length() > MAX_LENGTH) {
            throw new IdTokenException(Check.FORMAT, "token is " + token.length() + " characters, more than an ID token's " + MAX_LENGTH);
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw new IdTokenException(Check.FORMAT, "not a signed JWT (expected 3 dot-separated parts, found " + parts.length + ")");
        }
        Map<String, Object> header = object(parts[0], "header");
        Map<String, Object> payload = object(parts[1], "payload");
        // an unsigned token (alg "none") has an empty third part: refused later, by name
        if (!parts[2].isEmpty()) {
            canonical(parts[2], "signature");
        }
        byte[] signingInput = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
        return new JwtToken(new Base64URL(parts[0]), header, payload, signingInput, new Base64URL(parts[2]));
    }

    /** A header member as text, or {@code null} when absent or not a string. */
    String headerText(String name) {
        return header.get(name) instanceof String text ? text : null;
    }

    private static Map<String, Object> object(String part, String what) throws IdTokenException {
        String json = new String(canonical(part, what), StandardCharsets.UTF_8);
        Map<String, Object> object;
        try {
            object = JSONObjectUtils.parse(json);
        } catch (ParseException | RuntimeException e) {
            object = null;
        }
        if (object == null) { // JSON null reads as no map at all
            throw new IdTokenException(Check.FORMAT, "the " + what + " is not a JSON object");
        }
        return object;
    }

    /** The bytes of {@code part}, which must be base64url in the one spelling that gives them back. */
    private static byte[] canonical(String part, String what) throws IdTokenException {
        if (part.isEmpty() || !BASE64URL.matcher(part).matches() || part.length() % 4 == 1) {
            throw new IdTokenException(Check.FORMAT, "the " + what + " is not base64url");
        }
        byte[] bytes = Base64.getUrlDecoder().decode(part);
        // one encoding per value: no two different tokens carry the same header, payload and signature
        if (!Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).equals(part)) {
            throw new IdTokenException(Check.FORMAT, "the " + what + " is not canonical base64url");
        }
        return bytes;
    }
}
