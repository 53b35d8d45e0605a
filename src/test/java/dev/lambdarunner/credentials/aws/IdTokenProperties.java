package dev.lambdarunner.credentials.aws;

import dev.lambdarunner.testsupport.FakeOidcIssuer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Whatever is changed in a signed token, it does not verify; whatever garbage arrives, the answer is a clean
 * {@link IdTokenException} (never another exception, never a token in the message).
 */
class IdTokenProperties {

    static final FakeOidcIssuer GITLAB = IdTokenVerifierTest.GITLAB;
    static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    static final String RS256 = GITLAB.token().job(1001, "group/project", "main", true).issuedAt(java.time.Instant.now(), 3600).sign();
    static final String ES256 = GITLAB.token().signedWith(GITLAB.ec()).job(1001, "group/project", "main", true)
            .issuedAt(java.time.Instant.now(), 3600).sign();

    private final IdTokenVerifier verifier = IdTokenVerifierTest.verifier(Clock.systemUTC());

    @Property
    void theUntamperedTokensVerify(@ForAll("tokens") String token) throws Exception {
        assertThat(verifier.verify(token, 1001, "group/project").jobId()).isEqualTo(1001);
    }

    @Property
    void anyCharacterChangedInHeaderOrPayloadFailsVerification(@ForAll("tokens") String token,
                                                               @ForAll @IntRange(min = 0, max = 10_000) int at,
                                                               @ForAll @IntRange(min = 1, max = 63) int shift) {
        int signatureStart = token.lastIndexOf('.');
        int position = at % signatureStart;
        char original = token.charAt(position);
        String tampered = original == '.' ? token.substring(0, position) + "A" + token.substring(position + 1)
                : replaceAt(token, position, ALPHABET.charAt((ALPHABET.indexOf(original) + shift) % 64));

        assertRefused(tampered);
    }

    @Property
    void anyBitFlippedInTheSignatureFailsVerification(@ForAll("tokens") String token,
                                                      @ForAll @IntRange(min = 0, max = 100_000) int bit) {
        int dot = token.lastIndexOf('.');
        byte[] signature = Base64.getUrlDecoder().decode(token.substring(dot + 1));
        int flip = bit % (signature.length * 8);
        signature[flip / 8] ^= (byte) (1 << (flip % 8));

        assertRefused(token.substring(0, dot + 1) + Base64.getUrlEncoder().withoutPadding().encodeToString(signature));
    }

    @Property
    void claimsFromAnotherTokenUnderThisSignatureNeverVerify(@ForAll @LongRange(min = 1, max = 1_000_000) long jobId,
                                                            @ForAll boolean refProtected) {
        String forged = GITLAB.token().job(jobId, "group/project", "main", refProtected).sign();
        String[] real = RS256.split("\\.");
        String[] other = forged.split("\\.");

        assertRefused(real[0] + "." + other[1] + "." + real[2]);
    }

    @Property
    void garbageGivesACleanErrorNeverAnotherException(@ForAll("garbage") String token) {
        assertThatThrownBy(() -> verifier.verify(token, 1001, "group/project"))
                .isInstanceOf(IdTokenException.class)
                .satisfies(e -> assertThat(e.getMessage()).isNotBlank().hasSizeLessThan(400));
    }

    private void assertRefused(String token) {
        assertThatThrownBy(() -> verifier.verify(token, 1001, "group/project")).isInstanceOf(IdTokenException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(token));
    }

    private static String replaceAt(String s, int position, char c) {
        return s.substring(0, position) + c + s.substring(position + 1);
    }

    @Provide
    Arbitrary<String> tokens() {
        return Arbitraries.of(RS256, ES256);
    }

    @Provide
    Arbitrary<String> garbage() {
        Arbitrary<String> segment = Arbitraries.strings().withChars(ALPHABET + "=.+/ ").ofMaxLength(60);
        Arbitrary<String> jsonPart = Arbitraries.of("{}", "[]", "null", "1", "\"x\"", "{\"alg\":\"RS256\"}",
                "{\"alg\":\"RS256\",\"kid\":\"rsa-1\"}", "{\"alg\":\"ES256\",\"kid\":\"ec-1\"}", "{\"alg\":\"none\"}",
                "{\"alg\":\"HS256\",\"kid\":\"rsa-1\"}", "{\"alg\":1,\"kid\":[]}", "{\"alg\":\"RS256\",\"kid\":\"rsa-1\",\"crit\":[]}",
                "{\"iss\":\"" + GITLAB.issuer() + "\",\"aud\":\"sts.amazonaws.com\",\"exp\":99999999999}",
                "{\"a\":1,\"a\":2}", "{\"alg\":\"RS256\"} trailing", "{\"exp\":\"soon\",\"job_id\":{}}",
                "{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{");
        Arbitrary<String> structured = Combinators.combine(jsonPart, jsonPart, Arbitraries.bytes().array(byte[].class).ofMaxSize(300))
                .as((h, p, sig) -> b64(h) + "." + b64(p) + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(sig));
        Arbitrary<String> joined = segment.list().ofMinSize(1).ofMaxSize(5).map(parts -> String.join(".", parts));
        return Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(200), joined, structured,
                Arbitraries.strings().withChars(ALPHABET).ofLength(JwtToken.MAX_LENGTH + 1).map(s -> s + ".a.b")
                        .withoutEdgeCases().injectDuplicates(0));
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

}
