package dev.lambdarunner.gitlab;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunnerInfoTest {

    /** Protocol reference §3.1: every key GitLab Runner always sends, typed here independently of the code. */
    static final List<String> PROTOCOL_KEYS = List.of("variables", "image", "services", "artifacts", "cache",
            "fallback_cache_keys", "shared", "upload_multiple_artifacts", "upload_raw_artifacts", "session", "terminal",
            "refspecs", "masking", "proxy", "raw_variables", "artifacts_exclude", "multi_build_steps", "trace_reset",
            "trace_checksum", "trace_size", "vault_secrets", "cancelable", "return_exit_code", "service_variables",
            "service_multiple_aliases", "image_executor_opts", "service_executor_opts", "cancel_gracefully",
            "native_steps_integration", "two_phase_job_commit", "job_inputs");

    private static final Set<String> IMPLEMENTED = Set.of("variables", "masking", "raw_variables", "refspecs",
            "trace_reset", "trace_checksum", "trace_size", "cancelable", "cancel_gracefully", "return_exit_code",
            "two_phase_job_commit", "artifacts", "upload_multiple_artifacts", "upload_raw_artifacts",
            "artifacts_exclude");

    @Test
    void current_describesThisRunner() {
        RunnerInfo info = RunnerInfo.current("0.1.0");

        assertThat(info.name()).isEqualTo("lambda-gitlab-runner-for-terraform");
        assertThat(info.version()).isEqualTo("0.1.0");
        assertThat(info.platform()).isEqualTo("linux");
        assertThat(info.executor()).isEqualTo("lambda-terraform");
        assertThat(info.shell()).isEqualTo("none");
        assertThat(info.architecture()).isEqualTo(RunnerInfo.goArch(System.getProperty("os.arch")));
    }

    @Test
    void current_sendsEveryProtocolKey_trueExactlyForWhatIsImplemented() {
        Map<String, Boolean> features = RunnerInfo.current("0.1.0").features();

        assertThat(features.keySet()).containsExactlyElementsOf(PROTOCOL_KEYS);
        features.forEach((key, on) -> assertThat(on).as(key).isEqualTo(IMPLEMENTED.contains(key)));
    }

    @Test
    void featureKeys_matchWhatGitLabRunner19Sends() {
        JsonNode sample = Samples.json(Samples.REQUEST_19_X).path("info").path("features");
        List<String> keys = new ArrayList<>();
        sample.fieldNames().forEachRemaining(keys::add);

        assertThat(RunnerInfo.current("0.1.0").features().keySet()).containsExactlyInAnyOrderElementsOf(keys);
    }

    @Test
    void features_areCopiedAndUnmodifiable() {
        var flags = new java.util.LinkedHashMap<String, Boolean>(Map.of("variables", true));
        RunnerInfo info = new RunnerInfo("n", "v", "r", "linux", "amd64", "e", "s", flags);
        flags.put("image", true);

        assertThat(info.features()).containsOnlyKeys("variables");
        assertThatThrownBy(() -> info.features().put("cache", true)).isInstanceOf(UnsupportedOperationException.class);
    }

    @ParameterizedTest
    @CsvSource({"amd64,amd64", "x86_64,amd64", "aarch64,arm64", "arm64,arm64", "x86,386", "s390x,s390x", "'',unknown"})
    void goArch_usesGoNames(String javaArch, String goArch) {
        assertThat(RunnerInfo.goArch(javaArch)).isEqualTo(goArch);
    }
}
