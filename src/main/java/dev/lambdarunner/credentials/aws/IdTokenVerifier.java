package dev.lambdarunner.credentials.aws;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWK;
import dev.lambdarunner.credentials.aws.IdTokenException.Check;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Verifies a GitLab ID token for one job, in this order, stopping at the first failure: the JWS signature with
 * the key its {@code kid} names in GitLab's JWKS (RS/ES algorithms only, the key's type, curve and {@code alg}
 * agreeing; see {@link JwsSignature}, nimbus-jose-jwt checks the signature itself), then {@code iss}, {@code aud}, {@code exp}/{@code nbf}/{@code iat} with a small leeway for clock
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
        Map<String, Object> payload = jwt.payload();
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
        JWSAlgorithm algorithm = algorithm(jwt);
        if (jwt.header().containsKey("crit")) {
            throw new IdTokenException(Check.ALGORITHM, "the header has critical extensions (crit), none is supported");
        }
        String kid = jwt.headerText("kid");
        if (kid == null) {
            throw new IdTokenException(Check.KEY, "the header names no key (kid)");
        }
        JWSHeader header = header(jwt);
        JWK key = keys.key(kid);
        Optional<String> mismatch = JwsSignature.mismatch(key, algorithm);
        if (mismatch.isPresent()) {
            throw new IdTokenException(Check.ALGORITHM, mismatch.get());
        }
        if (!JwsSignature.verifies(key, header, jwt.signingInput(), jwt.signature())) {
            throw new IdTokenException(Check.SIGNATURE, "the signature does not verify with GitLab's key " + Shown.quoted(kid));
        }
    }

    private static JWSAlgorithm algorithm(JwtToken jwt) throws IdTokenException {
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
        return JwsSignature.accepted(alg).orElseThrow(() -> new IdTokenException(Check.ALGORITHM,
                "algorithm " + Shown.quoted(alg) + " is not supported (RS256/384/512, ES256/384/512)"));
    }

    /** The header as nimbus reads it, once the runner's own checks of alg, crit and kid have passed. */
    private static JWSHeader header(JwtToken jwt) throws IdTokenException {
        try {
            return JWSHeader.parse(jwt.header(), jwt.encodedHeader());
        } catch (ParseException | RuntimeException e) {
            throw new IdTokenException(Check.FORMAT, "the header is not a valid JWS header");
        }
    }

    private void checkIssuer(Map<String, Object> payload) throws IdTokenException {
        Object iss = payload.get("iss");
        if (!issuer.equals(iss)) {
            throw new IdTokenException(Check.ISSUER, "the token was issued by " + Shown.quoted(iss == null ? null : iss.toString())
                    + ", the runner trusts " + Shown.quoted(issuer) + " (runner.keyless.issuer)");
        }
    }

    private void checkAudience(Map<String, Object> payload) throws IdTokenException {
        List<String> audiences = new ArrayList<>();
        Object aud = payload.get("aud");
        if (aud instanceof String one) {
            audiences.add(one);
        } else if (aud instanceof List<?> list) {
            list.forEach(a -> audiences.add(String.valueOf(a)));
        }
        if (!audiences.contains(audience)) {
            throw new IdTokenException(Check.AUDIENCE, "the token is for " + (audiences.isEmpty() ? "no audience"
                    : audiences.stream().limit(5).map(Shown::quoted).toList()) + ", the runner expects "
                    + Shown.quoted(audience) + " (runner.keyless.audience, the aud: under id_tokens:)");
        }
    }

    private void checkTimes(Map<String, Object> payload) throws IdTokenException {
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

    private static Instant time(Map<String, Object> payload, String name, boolean required) throws IdTokenException {
        Object value = payload.get(name);
        if (value == null && !required) {
            return null;
        }
        if (!(value instanceof Number seconds) || seconds.doubleValue() < 0 || seconds.doubleValue() > 1e11) {
            throw new IdTokenException(Check.EXPIRY, "claim " + name + " is " + (value == null ? "missing" : "not a time"));
        }
        return Instant.ofEpochSecond(seconds.longValue());
    }
}
