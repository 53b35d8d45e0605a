package dev.lambdarunner.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;

/**
 * Builds an ID token the way GitLab's {@code Gitlab::Ci::JwtV2} does (claims as strings, RS256, {@code kid},
 * {@code typ: JWT}), and lets a test break any part of it. Mutable; every setter returns {@code this}.
 */
public final class IdTokenBuilder {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ObjectNode header = JSON.createObjectNode();
    private final ObjectNode claims = JSON.createObjectNode();
    private SigningKey key;

    IdTokenBuilder(String issuer, SigningKey key, Instant now) {
        this.key = key;
        header.put("alg", key.alg()).put("kid", key.kid()).put("typ", "JWT");
        claims.put("namespace_id", "1").put("namespace_path", "group").put("project_id", "42")
                .put("project_path", "group/project").put("user_id", "1").put("user_login", "root")
                .put("user_email", "admin@example.com").put("user_access_level", "owner")
                .put("pipeline_id", "500").put("pipeline_source", "push").put("job_id", "1001")
                .put("ref", "main").put("ref_type", "branch").put("ref_path", "refs/heads/main")
                .put("ref_protected", "true").put("runner_id", 1).put("runner_environment", "self-hosted")
                .put("sha", "0123456789abcdef0123456789abcdef01234567")
                .put("jti", java.util.UUID.randomUUID().toString()).put("iss", issuer)
                .put("iat", now.getEpochSecond()).put("nbf", now.getEpochSecond() - 5)
                .put("exp", now.getEpochSecond() + 300)
                .put("sub", "project_path:group/project:ref_type:branch:ref:main").put("aud", "sts.amazonaws.com");
    }

    /** The claims GitLab derives from a job: id, project, ref protection, and {@code sub} to match. */
    public IdTokenBuilder job(long jobId, String projectPath, String ref, boolean refProtected) {
        claims.put("job_id", String.valueOf(jobId)).put("project_path", projectPath).put("ref", ref)
                .put("ref_path", "refs/heads/" + ref).put("ref_protected", String.valueOf(refProtected))
                .put("namespace_path", projectPath.contains("/") ? projectPath.substring(0, projectPath.lastIndexOf('/')) : "")
                .put("sub", "project_path:" + projectPath + ":ref_type:branch:ref:" + ref);
        return this;
    }

    /** The claims of the fake GitLab's {@code job} (its id, project, {@code main} and its protection). */
    public IdTokenBuilder job(FakeJob job) {
        return job(job.id(), job.spec().projectPath(), "main", job.spec().protectedRef());
    }

    public IdTokenBuilder audience(String aud) {
        claims.put("aud", aud);
        return this;
    }

    /** A protected or unprotected environment, as GitLab adds for jobs with {@code environment:}. */
    public IdTokenBuilder environment(String name, boolean isProtected) {
        claims.put("environment", name).put("environment_protected", String.valueOf(isProtected))
                .put("deployment_tier", "production").put("environment_action", "start");
        return this;
    }

    public IdTokenBuilder claim(String name, String value) {
        claims.put(name, value);
        return this;
    }

    public IdTokenBuilder claim(String name, long value) {
        claims.put(name, value);
        return this;
    }

    public IdTokenBuilder claim(String name, JsonNode value) {
        claims.set(name, value);
        return this;
    }

    public IdTokenBuilder without(String name) {
        claims.remove(name);
        return this;
    }

    /** Issued at {@code iat}, valid from 5 s before, for {@code lifetimeSeconds}. */
    public IdTokenBuilder issuedAt(Instant iat, long lifetimeSeconds) {
        claims.put("iat", iat.getEpochSecond()).put("nbf", iat.getEpochSecond() - 5)
                .put("exp", iat.getEpochSecond() + lifetimeSeconds);
        return this;
    }

    public IdTokenBuilder header(String name, String value) {
        header.put(name, value);
        return this;
    }

    public IdTokenBuilder header(String name, JsonNode value) {
        header.set(name, value);
        return this;
    }

    /** Signs with {@code other} (its kid and alg in the header). */
    public IdTokenBuilder signedWith(SigningKey other) {
        key = other;
        header.put("alg", other.alg()).put("kid", other.kid());
        return this;
    }

    /** The signed compact JWS. */
    public String sign() {
        String input = part(header) + "." + part(claims);
        return input + "." + SigningKey.b64(key.sign(input.getBytes(StandardCharsets.US_ASCII)));
    }

    /** The token with {@code alg: none} and an empty signature. */
    public String unsigned() {
        header.put("alg", "none");
        return part(header) + "." + part(claims) + ".";
    }

    /** The token signed HS256 with {@code secret} (the algorithm-confusion attack uses the public key). */
    public String hmac(byte[] secret) {
        header.put("alg", "HS256");
        String input = part(header) + "." + part(claims);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return input + "." + SigningKey.b64(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("hmac: " + e.getMessage(), e);
        }
    }

    private static String part(ObjectNode node) {
        return SigningKey.b64(node.toString().getBytes(StandardCharsets.UTF_8));
    }
}
