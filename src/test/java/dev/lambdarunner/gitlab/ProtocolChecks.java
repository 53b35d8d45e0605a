package dev.lambdarunner.gitlab;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

import static dev.lambdarunner.gitlab.ScriptedGitLab.JOB_TOKEN;
import static dev.lambdarunner.gitlab.ScriptedGitLab.RUNNER_TOKEN;
import static dev.lambdarunner.gitlab.ScriptedGitLab.SYSTEM_ID;
import static org.assertj.core.api.Assertions.assertThat;

/** What every runner request must look like (protocol reference §1, §3.1, §6, §7), asserted by the fake. */
final class ProtocolChecks {

    private ProtocolChecks() {
    }

    static void check(ScriptedGitLab.Received r, String userAgentPattern) {
        assertThat(r.header("User-Agent")).as("User-Agent").matches(userAgentPattern);
        assertThat(r.header("X-Request-Id")).as("X-Request-Id").matches("[0-9a-f]{32}");
        assertThat(r.path()).as("path").startsWith("/api/v4/");
        if (r.path().equals("/api/v4/runners/verify") || r.path().equals("/api/v4/jobs/request")) {
            checkRunnerCall(r);
        } else if (r.path().matches("/api/v4/jobs/\\d+/trace")) {
            checkTracePatch(r);
        } else if (r.path().matches("/api/v4/jobs/\\d+/artifacts")) {
            assertThat(r.header("JOB-TOKEN")).as("JOB-TOKEN").isNotNull();
            assertThat(r.header("RUNNER-TOKEN")).isNull();
        } else {
            assertThat(r.path()).matches("/api/v4/jobs/\\d+");
            checkJobUpdate(r);
        }
    }

    private static void checkRunnerCall(ScriptedGitLab.Received r) {
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.header("Content-Type")).isEqualTo("application/json");
        assertThat(r.header("Accept")).isEqualTo("application/json");
        assertThat(r.header("RUNNER-TOKEN")).isEqualTo(RUNNER_TOKEN);
        assertThat(r.header("JOB-TOKEN")).isNull();
        JsonNode body = r.json();
        assertThat(body.path("token").asText()).isEqualTo(RUNNER_TOKEN);
        assertThat(body.path("system_id").asText()).isEqualTo(SYSTEM_ID);
        checkInfo(body.path("info"));
    }

    private static void checkJobUpdate(ScriptedGitLab.Received r) {
        assertThat(r.method()).isEqualTo("PUT");
        assertThat(r.header("Content-Type")).isEqualTo("application/json");
        assertThat(r.header("JOB-TOKEN")).isEqualTo(JOB_TOKEN);
        assertThat(r.header("RUNNER-TOKEN")).isNull();
        JsonNode body = r.json();
        assertThat(body.path("token").asText()).isEqualTo(JOB_TOKEN);
        assertThat(body.path("state").asText()).isIn("running", "success", "failed", "pending");
        checkInfo(body.path("info"));
    }

    private static void checkTracePatch(ScriptedGitLab.Received r) {
        assertThat(r.method()).isEqualTo("PATCH");
        assertThat(r.query()).matches("debug_trace=(true|false)");
        assertThat(r.header("JOB-TOKEN")).isEqualTo(JOB_TOKEN);
        assertThat(r.header("RUNNER-TOKEN")).isNull();
        assertThat(r.header("Content-Type")).isEqualTo("text/plain");
        String range = r.header("Content-Range");
        assertThat(range).matches("\\d+-\\d+");
        String[] ends = range.split("-");
        assertThat(Long.parseLong(ends[1]) - Long.parseLong(ends[0]) + 1).as("Content-Range length")
                .isEqualTo(r.body().length);
    }

    private static void checkInfo(JsonNode info) {
        assertThat(info.path("name").asText()).isEqualTo("lambda-gitlab-runner-for-terraform");
        assertThat(info.path("version").asText()).isEqualTo(ScriptedGitLab.VERSION);
        assertThat(info.path("executor").asText()).isEqualTo("lambda-terraform");
        List<String> keys = new ArrayList<>();
        info.path("features").fields().forEachRemaining(e -> {
            keys.add(e.getKey());
            assertThat(e.getValue().isBoolean()).as("feature %s is a boolean", e.getKey()).isTrue();
        });
        assertThat(keys).as("info.features keys").containsExactlyInAnyOrderElementsOf(RunnerInfoTest.PROTOCOL_KEYS);
    }
}
