package dev.lambdarunner.gitlab;

import dev.lambdarunner.sensitive.Secret;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GitLabConnectionTest {

    private static final String TOKEN = "glrt-SECRETSECRETSECRET";

    private static GitLabConnection connect(String url) {
        return new GitLabConnection(URI.create(url), Secret.of(TOKEN), "s_0123456789ab", RunnerInfo.current("1.0.0"),
                Duration.ofSeconds(60), Duration.ofSeconds(30));
    }

    @ParameterizedTest
    @CsvSource({
            "https://gitlab.example.com,https://gitlab.example.com",
            "https://gitlab.example.com/,https://gitlab.example.com",
            "https://gitlab.example.com/ci,https://gitlab.example.com",
            "https://gitlab.example.com/ci/,https://gitlab.example.com",
            "HTTP://gitlab.example.com:8080/gitlab/ci,http://gitlab.example.com:8080/gitlab",
            "https://gitlab.example.com/civic,https://gitlab.example.com/civic"})
    void baseUrl_dropsTrailingSlashAndCi(String given, String expected) {
        assertThat(connect(given).baseUrl()).isEqualTo(URI.create(expected));
    }

    @Test
    void resolve_appendsTheApiPathToTheBase() {
        assertThat(connect("https://example.com/gitlab/ci/").resolve("/api/v4/jobs/request"))
                .isEqualTo(URI.create("https://example.com/gitlab/api/v4/jobs/request"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://gitlab.example.com", "file:///tmp/x", "gitlab.example.com",
            "https://user:pass@gitlab.example.com", "https://gitlab.example.com/?a=b", "https:///path"})
    void baseUrl_refusesWhatIsNotAPlainHttpUrl(String url) {
        assertThatThrownBy(() -> connect(url)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("gitlab url")
                .hasMessageNotContaining("pass");
    }

    @Test
    void toString_neverPrintsTheToken() {
        assertThat(connect("https://gitlab.example.com").toString())
                .doesNotContain(TOKEN).doesNotContain("SECRET").contains("gitlab.example.com");
    }

    @Test
    void blankTokenOrNonPositiveTimeout_isRefused() {
        assertThatThrownBy(() -> new GitLabConnection(URI.create("https://g.example"), Secret.of(" "), null,
                RunnerInfo.current("1"), Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GitLabConnection(URI.create("https://g.example"), Secret.of(TOKEN), null,
                RunnerInfo.current("1"), Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
