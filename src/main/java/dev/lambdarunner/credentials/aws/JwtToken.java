package dev.lambdarunner.credentials.aws;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.lambdarunner.credentials.aws.IdTokenException.Check;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * A compact JWS ({@code header.payload.signature}) split and decoded, nothing checked yet: the header and
 * payload must be JSON objects (no duplicate members), every part base64url without padding. Claims mean nothing until
 * {@link IdTokenVerifier} has checked the signature over {@link #signingInput()}.
 */
record JwtToken(JsonNode header, JsonNode payload, byte[] signingInput, byte[] signature) {

    /** GitLab's tokens are about 1 KB; anything far larger is not one of them. */
    static final int MAX_LENGTH = 16 * 1024;
    private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]*");
    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).build()).build())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    static JwtToken parse(String raw) throws IdTokenException {
        String token = raw.strip();
        if (token.length() > MAX_LENGTH) {
            throw new IdTokenException(Check.FORMAT, "token is " + token.length() + " characters, more than an ID token's " + MAX_LENGTH);
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw new IdTokenException(Check.FORMAT, "not a signed JWT (expected 3 dot-separated parts, found " + parts.length + ")");
        }
        JsonNode header = object(parts[0], "header");
        JsonNode payload = object(parts[1], "payload");
        // an unsigned token (alg "none") has an empty third part: refused later, by name
        byte[] signature = parts[2].isEmpty() ? new byte[0] : decode(parts[2], "signature");
        byte[] signingInput = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
        return new JwtToken(header, payload, signingInput, signature);
    }

    /** A header or payload member as text, or {@code null} when absent or not a string. */
    String headerText(String name) {
        JsonNode node = header.get(name);
        return node != null && node.isTextual() ? node.asText() : null;
    }

    private static JsonNode object(String part, String what) throws IdTokenException {
        byte[] json = decode(part, what);
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (IOException e) {
            throw new IdTokenException(Check.FORMAT, "the " + what + " is not JSON");
        }
        if (node == null || !node.isObject()) {
            throw new IdTokenException(Check.FORMAT, "the " + what + " is not a JSON object");
        }
        return node;
    }

    private static byte[] decode(String part, String what) throws IdTokenException {
        if (part.isEmpty() || !BASE64URL.matcher(part).matches() || part.length() % 4 == 1) {
            throw new IdTokenException(Check.FORMAT, "the " + what + " is not base64url");
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(part);
        } catch (IllegalArgumentException e) {
            throw new IdTokenException(Check.FORMAT, "the " + what + " is not base64url");
        }
        // one encoding per value: no two different tokens carry the same header, payload and signature
        if (!Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).equals(part)) {
            throw new IdTokenException(Check.FORMAT, "the " + what + " is not canonical base64url");
        }
        return bytes;
    }
}
