package dev.lambdarunner.poller;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SystemIdTest {

    @Test
    void everyExecutionEnvironmentOfOneFunctionIsOneRunnerManager(@TempDir Path coldStart1, @TempDir Path coldStart2) {
        Map<String, String> lambda = Map.of("AWS_LAMBDA_FUNCTION_NAME", "gitlab-runner", "AWS_REGION", "eu-west-1");
        String first = SystemId.of(coldStart1, lambda);
        assertThat(first).matches("s_[0-9a-f]{12}");
        assertThat(SystemId.of(coldStart2, lambda)).isEqualTo(first);
        assertThat(SystemId.of(coldStart1, Map.of("AWS_LAMBDA_FUNCTION_NAME", "other-runner", "AWS_REGION", "eu-west-1")))
                .isNotEqualTo(first);
        assertThat(SystemId.of(coldStart1, Map.of("AWS_LAMBDA_FUNCTION_NAME", "gitlab-runner", "AWS_REGION", "us-east-1")))
                .isNotEqualTo(first);
    }

    @Test
    void outsideLambdaTheIdIsStableForOneWorkDirectory(@TempDir Path workDir) {
        String id = SystemId.of(workDir, Map.of());
        assertThat(id).matches("[sr]_[A-Za-z0-9]{12}");
        assertThat(SystemId.of(workDir, Map.of())).isEqualTo(id);
    }
}
