package dev.lambdarunner.credentials.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tokens and a JWKS made by another JOSE implementation (Python's joserfc, installed with moto) verify here,
 * so the verifier agrees with the standard and not only with this project's own test signer.
 */
class IdTokenInteropIT {

    static final String ISSUER = "https://gitlab.example.com";
    static final String AUDIENCE = "sts.amazonaws.com";
    static JsonNode signed;

    @BeforeAll
    static void signWithJoserfc() throws Exception {
        Process p = new ProcessBuilder("python3", "src/test/resources/keyless/joserfc_tokens.py", ISSUER, AUDIENCE, "1001",
                "group/project").redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("python3 with joserfc (moto's dependency) on PATH").isZero();
        signed = new ObjectMapper().readTree(out);
    }

    private static IdTokenVerifier verifier() {
        Clock clock = Clock.systemUTC();
        JwksCache keys = new JwksCache(new StringJwks(() -> signed.get("jwks").toString()), Duration.ofMinutes(1),
                Duration.ofSeconds(10), clock);
        return new IdTokenVerifier(keys, ISSUER, AUDIENCE, clock);
    }

    @ParameterizedTest
    @ValueSource(strings = {"RS256", "ES256"})
    void tokensSignedByAnotherImplementationVerify(String alg) throws Exception {
        IdTokenClaims claims = verifier().verify(signed.get(alg).asText(), 1001, "group/project");

        assertThat(claims.projectPath()).isEqualTo("group/project");
        assertThat(claims.refProtected()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"RS256", "ES256"})
    void andStopVerifyingWhenTheirPayloadChanges(String alg) {
        String[] parts = signed.get(alg).asText().split("\\.");
        String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                        .replace("\"ref_protected\": \"true\"", "\"ref_protected\": \"false\"")
                        .replace("\"ref_protected\":\"true\"", "\"ref_protected\":\"false\"")
                        .getBytes(StandardCharsets.UTF_8)) + "." + parts[2];

        assertThat(forged).isNotEqualTo(signed.get(alg).asText());
        assertThatThrownBy(() -> verifier().verify(forged, 1001, "group/project"))
                .isInstanceOfSatisfying(IdTokenException.class, e -> assertThat(e.check()).isEqualTo(IdTokenException.Check.SIGNATURE));
    }
}
