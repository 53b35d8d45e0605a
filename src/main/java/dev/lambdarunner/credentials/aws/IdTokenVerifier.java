package dev.lambdarunner.credentials.aws;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lambdarunner.credentials.aws.IdTokenException.Check;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Verifies a GitLab ID token for one job, in this order, stopping at the first failure: the JWS signature with
 * the key its {@code kid} names in GitLab's JWKS (RS/ES algorithms only, the key's type, curve and {@code alg}
 * agreeing), then {@code iss}, {@code aud}, {@code exp}/{@code nbf}/{@code iat} with a small leeway for clock
 * skew, the claims this runner decides on, and last that the token was issued for this very job and project
 * (a token copied from another job's variables must not work). No claim is read before the signature holds.
 */
final class IdTokenVerifier {

    /** Clock skew tolerated between GitLab and the runner. */
    static final Duration LEEWAY = Duration.ofSeconds(30);

    private final JwksCache keys;
    private final String issuer;
    private final String audience;
    private final Clock clock;

    IdTokenVerifier(JwksCache keys, String issuer, String audience, Clock clock) {
        this.keys = keys;
        this.issuer = issuer;
        this.audience = audience;
        this.clock = clock;
    }

    IdTokenClaims verify(String token, long jobId, String projectPath) throws IdTokenException {
        JwtToken jwt = JwtToken.parse(token);
        checkSignature(jwt);
        JsonNode payload = jwt.payload();
        checkIssuer(payload);
        checkAudience(payload);
        checkTimes(payload);
        IdTokenClaims claims = IdTokenClaims.from(payload);
        if (claims.jobId() != jobId) {
            throw new IdTokenException(Check.JOB, "the token was issued for job " + claims.jobId() + ", this is job " + jobId);
        }
        if (!claims.projectPath().equals(projectPath)) {
            throw new IdTokenException(Check.PROJECT, "the token was issued for project " + Shown.quoted(claims.projectPath())
                    + ", this job is in " + Shown.quoted(projectPath));
        }
        return claims;
    }

    private void checkSignature(JwtToken jwt) throws IdTokenException {
        JwsAlgorithm algorithm = algorithm(jwt);
        if (jwt.header().has("crit")) {
            throw new IdTokenException(Check.ALGORITHM, "the header has critical extensions (crit), none is supported");
        }
        String kid = jwt.headerText("kid");
        if (kid == null) {
            throw new IdTokenException(Check.KEY, "the header names no key (kid)");
        }
        Jwk key = keys.key(kid);
        String mismatch = key.mismatch(algorithm);
        if (mismatch != null) {
            throw new IdTokenException(Check.ALGORITHM, mismatch);
        }
        if (!algorithm.verify(key.key(), jwt.signingInput(), jwt.signature())) {
            throw new IdTokenException(Check.SIGNATURE, "the signature does not verify with GitLab's key " + Shown.quoted(kid));
        }
    }

    private static JwsAlgorithm algorithm(JwtToken jwt) throws IdTokenException {
        String alg = jwt.headerText("alg");
        if (alg == null) {
            throw new IdTokenException(Check.ALGORITHM, "the header names no algorithm (alg)");
        }
        if (alg.equalsIgnoreCase("none")) {
            throw new IdTokenException(Check.ALGORITHM, "unsigned tokens (alg none) are refused");
        }
        if (alg.startsWith("HS")) {
            throw new IdTokenException(Check.ALGORITHM, "shared-secret algorithm " + Shown.quoted(alg)
                    + " is refused: GitLab signs ID tokens with its private key");
        }
        return JwsAlgorithm.named(alg).orElseThrow(() -> new IdTokenException(Check.ALGORITHM,
                "algorithm " + Shown.quoted(alg) + " is not supported (RS256/384/512, ES256/384/512)"));
    }

    private void checkIssuer(JsonNode payload) throws IdTokenException {
        JsonNode iss = payload.get("iss");
        if (iss == null || !iss.isTextual() || !iss.asText().equals(issuer)) {
            throw new IdTokenException(Check.ISSUER, "the token was issued by " + Shown.quoted(iss == null ? null : iss.asText())
                    + ", the runner trusts " + Shown.quoted(issuer) + " (runner.keyless.issuer)");
        }
    }

    private void checkAudience(JsonNode payload) throws IdTokenException {
        List<String> audiences = new ArrayList<>();
        JsonNode aud = payload.get("aud");
        if (aud != null && aud.isTextual()) {
            audiences.add(aud.asText());
        } else if (aud != null && aud.isArray()) {
            aud.forEach(a -> audiences.add(a.isTextual() ? a.asText() : a.toString()));
        }
        if (!audiences.contains(audience)) {
            throw new IdTokenException(Check.AUDIENCE, "the token is for " + (audiences.isEmpty() ? "no audience"
                    : audiences.stream().limit(5).map(Shown::quoted).toList()) + ", the runner expects "
                    + Shown.quoted(audience) + " (runner.keyless.audience, the aud: under id_tokens:)");
        }
    }

    private void checkTimes(JsonNode payload) throws IdTokenException {
        Instant now = clock.instant();
        Instant exp = time(payload, "exp", true);
        if (!now.isBefore(exp.plus(LEEWAY))) {
            throw new IdTokenException(Check.EXPIRY, "the token expired at " + exp + " (now " + now + ")");
        }
        Instant iat = time(payload, "iat", true);
        Instant nbf = time(payload, "nbf", false);
        Instant earliest = now.plus(LEEWAY);
        if (iat.isAfter(earliest) || (nbf != null && nbf.isAfter(earliest))) {
            throw new IdTokenException(Check.EXPIRY, "the token is not valid yet (issued " + iat
                    + (nbf == null ? "" : ", not before " + nbf) + ", now " + now + ")");
        }
    }

    private static Instant time(JsonNode payload, String name, boolean required) throws IdTokenException {
        JsonNode value = payload.get(name);
        if (value == null && !required) {
            return null;
        }
        if (value == null || !value.isNumber() || value.asDouble() < 0 || value.asDouble() > 1e11) {
            throw new IdTokenException(Check.EXPIRY, "claim " + name + " is " + (value == null ? "missing" : "not a time"));
        }
        return Instant.ofEpochSecond(value.asLong());
    }
}
