package dev.lambdarunner.sources;

import dev.lambdarunner.sensitive.Secret;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SourceRequestTest {

    private static final String JOB_TOKEN = "glcbt-64_SOURCEREQUESTTOKEN";

    @Test
    void printingARequestNeverShowsTheJobTokenInItsUrl() {
        SourceRequest request = new SourceRequest(
                Secret.of("https://gitlab-ci-token:" + JOB_TOKEN + "@gitlab.example.com/group/infra.git"), "main",
                "branch", "abc123", List.of(), 20, true, Path.of("/tmp/job-1/src"), Duration.ofMinutes(5));

        assertThat(request.toString()).doesNotContain(JOB_TOKEN).doesNotContain("gitlab-ci-token")
                .contains("main", "abc123", "[MASKED]");
    }
}
