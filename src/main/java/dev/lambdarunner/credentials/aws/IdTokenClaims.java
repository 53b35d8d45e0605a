package dev.lambdarunner.credentials.aws;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lambdarunner.credentials.aws.IdTokenException.Check;

import java.util.List;
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

    static IdTokenClaims from(JsonNode payload) throws IdTokenException {
        for (String name : REQUIRED) {
            JsonNode value = payload.get(name);
            if (value == null || value.isNull() || !value.isValueNode() || value.asText().isEmpty()) {
                throw new IdTokenException(Check.CLAIMS, "required claim " + name + " is missing");
            }
        }
        return new IdTokenClaims(payload.get("sub").asText(), payload.get("project_path").asText(),
                payload.get("ref").asText(), payload.get("ref_type").asText(),
                bool(payload.get("ref_protected"), "ref_protected"), jobId(payload.get("job_id")),
                Optional.ofNullable(payload.get("environment")).filter(JsonNode::isTextual).map(JsonNode::asText),
                payload.hasNonNull("environment_protected")
                        ? Optional.of(bool(payload.get("environment_protected"), "environment_protected"))
                        : Optional.empty());
    }

    private static boolean bool(JsonNode value, String name) throws IdTokenException {
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isTextual() && (value.asText().equals("true") || value.asText().equals("false"))) {
            return value.asText().equals("true");
        }
        throw new IdTokenException(Check.CLAIMS, "claim " + name + " is " + Shown.quoted(value.asText())
                + ", not \"true\" or \"false\"");
    }

    private static long jobId(JsonNode value) throws IdTokenException {
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return value.longValue();
        }
        if (value.isTextual() && value.asText().matches("[0-9]{1,18}")) {
            return Long.parseLong(value.asText());
        }
        throw new IdTokenException(Check.CLAIMS, "claim job_id is " + Shown.quoted(value.asText()) + ", not a job id");
    }
}
