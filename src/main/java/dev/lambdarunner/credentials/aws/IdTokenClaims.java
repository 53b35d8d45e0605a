package dev.lambdarunner.credentials.aws;

import dev.lambdarunner.credentials.aws.IdTokenException.Check;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The claims of a verified GitLab ID token this runner decides on
 * (https://docs.gitlab.com/ci/secrets/id_token_authentication/#token-payload). GitLab sends booleans and ids
 * as strings ({@code "true"}, {@code "1234"}); JSON booleans and numbers are accepted too.
 *
 * @param environment          the job's {@code environment:} name, when it has one
 * @param environmentProtected {@code environment_protected}, sent only with an environment
 */
record IdTokenClaims(String subject, String projectPath, String ref, String refType, boolean refProtected,
                     long jobId, Optional<String> environment, Optional<Boolean> environmentProtected) {

    static final List<String> REQUIRED = List.of("sub", "project_path", "ref", "ref_type", "ref_protected", "job_id");

    /** The claims of {@code payload}, a JSON object as nimbus reads it (strings, Long/Double, Boolean, List, Map). */
    static IdTokenClaims from(Map<String, Object> payload) throws IdTokenException {
        for (String name : REQUIRED) {
            Object value = payload.get(name);
            boolean scalar = value instanceof String || value instanceof Number || value instanceof Boolean;
            if (!scalar || value.toString().isEmpty()) {
                throw new IdTokenException(Check.CLAIMS, "required claim " + name + " is missing");
            }
        }
        Object environmentProtected = payload.get("environment_protected");
        return new IdTokenClaims(text(payload, "sub"), text(payload, "project_path"), text(payload, "ref"),
                text(payload, "ref_type"), bool(payload.get("ref_protected"), "ref_protected"),
                jobId(payload.get("job_id")),
                payload.get("environment") instanceof String environment ? Optional.of(environment) : Optional.empty(),
                environmentProtected == null ? Optional.empty()
                        : Optional.of(bool(environmentProtected, "environment_protected")));
    }

    private static String text(Map<String, Object> payload, String name) {
        return payload.get(name).toString();
    }

    private static boolean bool(Object value, String name) throws IdTokenException {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value.equals("true") || value.equals("false")) {
            return value.equals("true");
        }
        throw new IdTokenException(Check.CLAIMS, "claim " + name + " is " + Shown.quoted(String.valueOf(value))
                + ", not \"true\" or \"false\"");
    }

    private static long jobId(Object value) throws IdTokenException {
        if (value instanceof Long id) {
            return id;
        }
        if (value instanceof String text && text.matches("[0-9]{1,18}")) {
            return Long.parseLong(text);
        }
        throw new IdTokenException(Check.CLAIMS, "claim job_id is " + Shown.quoted(String.valueOf(value)) + ", not a job id");
    }
}
