package dev.lambdarunner.credentials.aws;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.lambdarunner.credentials.aws.IdTokenException.Check;
import dev.lambdarunner.testsupport.FakeOidcIssuer;
import dev.lambdarunner.testsupport.IdTokenBuilder;
import dev.lambdarunner.testsupport.SigningKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdTokenVerifierTest {

    static final FakeOidcIssuer GITLAB = FakeOidcIssuer.offline("https://gitlab.example.com");
    static final SigningKey STRANGER = SigningKey.generate("rsa-1", SigningKey.Kind.RSA);
    static final String AUDIENCE = "sts.amazonaws.com";
    static final long JOB = 1001;
    static final String PROJECT = "group/project";

    private final Instant now = Instant.now();
    private final IdTokenVerifier verifier = verifier(Clock.fixed(now, ZoneOffset.UTC));

    static IdTokenVerifier verifier(Clock clock) {
        JwksCache keys = new JwksCache(new StringJwks(GITLAB::jwks), Duration.ofMinutes(10), Duration.ofSeconds(10), clock);
        return new IdTokenVerifier(keys, GITLAB.issuer(), AUDIENCE, clock);
    }

    private IdTokenBuilder token() {
        return GITLAB.token().issuedAt(now, 300).job(JOB, PROJECT, "main", true);
    }

    @Test
    void gitLabsRs256TokenVerifiesAndItsClaimsAreRead() throws Exception {
        IdTokenClaims claims = verifier.verify(token().sign(), JOB, PROJECT);

        assertThat(claims.projectPath()).isEqualTo(PROJECT);
        assertThat(claims.ref()).isEqualTo("main");
        assertThat(claims.refType()).isEqualTo("branch");
        assertThat(claims.refProtected()).isTrue();
        assertThat(claims.jobId()).isEqualTo(JOB);
        assertThat(claims.subject()).isEqualTo("project_path:group/project:ref_type:branch:ref:main");
        assertThat(claims.environmentProtected()).isEmpty();
    }

    @Test
    void es256AndAnAudienceListAndAnEnvironmentVerifyToo() throws Exception {
        String token = token().signedWith(GITLAB.ec()).environment("production", true)
                .claim("aud", JsonNodeFactory.instance.arrayNode().add("other").add(AUDIENCE)).sign();

        IdTokenClaims claims = verifier.verify(token, JOB, PROJECT);

        assertThat(claims.environment()).contains("production");
        assertThat(claims.environmentProtected()).contains(true);
    }

    @Test
    void clockSkewWithinTheLeewayIsTolerated() throws Exception {
        Duration skew = IdTokenVerifier.LEEWAY.minusSeconds(5);
        verifier.verify(token().issuedAt(now.minusSeconds(300).minus(skew), 300).sign(), JOB, PROJECT);
        verifier.verify(token().issuedAt(now.plus(skew), 300).sign(), JOB, PROJECT);
    }

    static Stream<Arguments> refusedTokens() {
        return Stream.of(
                refused("signed with a key GitLab never published", t -> t.signedWith(STRANGER).sign(), Check.SIGNATURE,
                        "the signature does not verify with GitLab's key 'rsa-1'"),
                refused("wrong audience", t -> t.audience("https://vault.example.com").sign(), Check.AUDIENCE,
                        "the token is for ['https://vault.example.com'], the runner expects 'sts.amazonaws.com'"),
                refused("no audience", t -> t.without("aud").sign(), Check.AUDIENCE, "the token is for no audience"),
                refused("wrong issuer", t -> t.claim("iss", "https://gitlab.evil.example").sign(), Check.ISSUER,
                        "issued by 'https://gitlab.evil.example', the runner trusts 'https://gitlab.example.com'"),
                refused("expired", t -> t.issuedAt(Instant.now().minusSeconds(600), 300).sign(), Check.EXPIRY,
                        "the token expired at"),
                refused("issued in the future", t -> t.issuedAt(Instant.now().plusSeconds(600), 300).sign(),
                        Check.EXPIRY, "not valid yet"),
                refused("another job's token", t -> t.job(JOB + 1, PROJECT, "main", true).sign(), Check.JOB,
                        "the token was issued for job 1002, this is job 1001"),
                refused("another project's token", t -> t.job(JOB, "group/other", "main", true).sign(), Check.PROJECT,
                        "issued for project 'group/other', this job is in 'group/project'"),
                refused("alg none", IdTokenBuilder::unsigned, Check.ALGORITHM, "unsigned tokens (alg none) are refused"),
                refused("HS256 keyed with GitLab's public key", t -> t.hmac(GITLAB.rsa().publicKeyBytes()),
                        Check.ALGORITHM, "shared-secret algorithm 'HS256' is refused"),
                refused("RSA key named with ES256", t -> t.header("alg", "ES256").sign(), Check.ALGORITHM,
                        "key 'rsa-1' is RSA, the token says ES256"),
                refused("EC key named with RS256", t -> t.signedWith(GITLAB.ec()).header("alg", "RS256").sign(),
                        Check.ALGORITHM, "key 'ec-1' is EC, the token says RS256"),
                refused("PS256", t -> t.header("alg", "PS256").sign(), Check.ALGORITHM,
                        "algorithm 'PS256' is not supported"),
                refused("critical header", t -> t.header("crit", JsonNodeFactory.instance.arrayNode().add("exp")).sign(),
                        Check.ALGORITHM, "critical extensions"),
                refused("no kid", t -> t.header("kid", (String) null).sign(), Check.KEY, "the header names no key (kid)"),
                refused("a kid GitLab does not have", t -> t.header("kid", "rotated-away").sign(), Check.KEY,
                        "no signing key 'rotated-away' in "),
                refused("its own key embedded (jwk header)", t -> t.signedWith(STRANGER)
                        .header("jwk", STRANGER.jwk()).sign(), Check.SIGNATURE, "does not verify"),
                refused("no project_path", t -> t.without("project_path").sign(), Check.CLAIMS,
                        "required claim project_path is missing"),
                refused("no ref_protected", t -> t.without("ref_protected").sign(), Check.CLAIMS,
                        "required claim ref_protected is missing"),
                refused("ref_protected neither true nor false", t -> t.claim("ref_protected", "yes").sign(),
                        Check.CLAIMS, "claim ref_protected is 'yes'"),
                refused("no job_id", t -> t.without("job_id").sign(), Check.CLAIMS, "required claim job_id is missing"),
                refused("no sub", t -> t.without("sub").sign(), Check.CLAIMS, "required claim sub is missing"),
                refused("no exp", t -> t.without("exp").sign(), Check.EXPIRY, "claim exp is missing"),
                refused("not a JWT", t -> "not-a-token", Check.FORMAT, "expected 3 dot-separated parts, found 1"),
                refused("padded base64", t -> t.sign() + "=", Check.FORMAT, "signature is not base64url"));
    }

    private static Arguments refused(String name, Function<IdTokenBuilder, String> make, Check check, String message) {
        return Arguments.of(name, make, check, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedTokens")
    void refusesTokensThatFailAnyCheckSayingWhich(String name, Function<IdTokenBuilder, String> make, Check check,
                                                 String message) {
        String token = make.apply(token());

        assertThatThrownBy(() -> verifier.verify(token, JOB, PROJECT)).isInstanceOfSatisfying(IdTokenException.class, e -> {
            assertThat(e.check()).isEqualTo(check);
            assertThat(e.getMessage()).startsWith(check.label() + ": ").contains(message).doesNotContain(token);
        });
    }

    @Test
    void anEcdsaSignatureOfZerosIsRefused() {
        // CVE-2022-21449 ("psychic signatures"): r = s = 0 verified against any key and message on JDK 15-18
        String token = token().signedWith(GITLAB.ec()).sign();
        String zeros = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[64]);
        String psychic = token.substring(0, token.lastIndexOf('.') + 1) + zeros;

        assertThatThrownBy(() -> verifier.verify(psychic, JOB, PROJECT)).isInstanceOfSatisfying(IdTokenException.class,
                e -> assertThat(e.check()).isEqualTo(Check.SIGNATURE));
    }

    @Test
    void anEcdsaSignatureWithROrSZeroIsRefused() {
        String token = token().signedWith(GITLAB.ec()).sign();
        byte[] signature = Base64.getUrlDecoder().decode(token.substring(token.lastIndexOf('.') + 1));
        byte[] rZero = signature.clone();
        java.util.Arrays.fill(rZero, 0, 32, (byte) 0);
        byte[] sZero = signature.clone();
        java.util.Arrays.fill(sZero, 32, 64, (byte) 0);

        for (byte[] forged : new byte[][] {rZero, sZero}) {
            String changed = token.substring(0, token.lastIndexOf('.') + 1)
                    + Base64.getUrlEncoder().withoutPadding().encodeToString(forged);
            assertThatThrownBy(() -> verifier.verify(changed, JOB, PROJECT)).isInstanceOfSatisfying(IdTokenException.class,
                    e -> assertThat(e.check()).isEqualTo(Check.SIGNATURE));
        }
    }

    @Test
    void aSignatureThatOnlyLooksCanonicalIsRefused() {
        String token = token().sign();
        char last = token.charAt(token.length() - 1);
        // 256-byte RSA signature: the last base64 character carries 4 unused bits; another value of them is the
        // same bytes in a second spelling, which is refused rather than verified
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        char twin = alphabet.charAt(alphabet.indexOf(last) ^ 1);
        String respelled = token.substring(0, token.length() - 1) + twin;

        assertThatThrownBy(() -> verifier.verify(respelled, JOB, PROJECT)).isInstanceOf(IdTokenException.class)
                .hasMessageContaining("not canonical base64url");
    }
}
