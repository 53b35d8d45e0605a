package dev.lambdarunner.testsupport;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a final {@code PUT /jobs/:id} (success/failed) against protocol reference §7 and §8: the trace
 * checksum and size match what was PATCHed, {@code failure_reason} only with failed and from the accepted
 * list, {@code exit_code} omitted when 0. Runs with the job's monitor held.
 */
final class FinalUpdateCheck {
    private static final Set<String> ALWAYS_ACCEPTED =
            Set.of("script_failure", "runner_system_failure", "job_execution_timeout");
    private static final Pattern CHECKSUM = Pattern.compile("crc32:[0-9a-f]{8}");
    private final Violations violations;

    /** What GitLab stores from the final PUT. */
    record Outcome(String failureReason, Integer exitCode, String checksum, Long bytesize) {
    }

    FinalUpdateCheck(Violations violations) {
        this.violations = violations;
    }

    Outcome check(Call call, FakeJob job, JsonNode body, String state) {
        JsonNode output = body.path("output");
        String checksum = output.path("checksum").isTextual() ? output.get("checksum").asText() : null;
        Long bytesize = output.path("bytesize").isIntegralNumber() ? output.get("bytesize").asLong() : null;
        checkOutput(call, job, body, checksum, bytesize);
        String reason = state.equals("failed") ? failureReason(call, body) : null;
        if (!state.equals("failed")) {
            noFailureReason(call, body, state);
        }
        return new Outcome(reason, exitCode(call, body), checksum, bytesize);
    }

    void noFailureReason(Call call, JsonNode body, String state) {
        if (body.hasNonNull("failure_reason")) {
            violations.add(call, "failure_reason sent with state " + state + " (only allowed with failed)");
        }
    }

    private void checkOutput(Call call, FakeJob job, JsonNode body, String checksum, Long bytesize) {
        StoredTrace trace = job.storedTrace();
        if (checksum == null || bytesize == null) {
            violations.add(call, "final update has no output.checksum and output.bytesize");
            return;
        }
        if (!CHECKSUM.matcher(checksum).matches()) {
            violations.add(call, "output.checksum '" + checksum + "' is not crc32:<8 lowercase hex>");
        } else if (!checksum.equals(trace.checksum())) {
            violations.add(call, "output.checksum " + checksum + " does not match the stored trace ("
                    + trace.checksum() + " over " + trace.length() + " bytes)");
        }
        if (bytesize != trace.length()) {
            violations.add(call, "output.bytesize " + bytesize + " does not match the stored trace length "
                    + trace.length());
        }
        String legacy = RequestChecks.text(body, "checksum");
        if (legacy != null && !legacy.equals(checksum)) {
            violations.add(call, "checksum " + legacy + " differs from output.checksum " + checksum);
        }
    }

    /** The reason GitLab stores: unknown or missing ones become {@code unknown_failure}. */
    private String failureReason(Call call, JsonNode body) {
        String reason = RequestChecks.text(body, "failure_reason");
        if (reason == null) {
            return "unknown_failure";
        }
        if (!ALWAYS_ACCEPTED.contains(reason) && !JobPayload.FAILURE_REASONS.contains(reason)) {
            violations.add(call, "failure_reason '" + reason + "' is not in features.failure_reasons");
            return "unknown_failure";
        }
        return reason;
    }

    private Integer exitCode(Call call, JsonNode body) {
        JsonNode code = body.get("exit_code");
        if (code == null || code.isNull()) {
            return null;
        }
        if (!code.isIntegralNumber()) {
            violations.add(call, "exit_code is not an integer");
            return null;
        }
        if (code.asInt() == 0) {
            violations.add(call, "exit_code 0 must be omitted");
        }
        return code.asInt();
    }
}
