package dev.lambdarunner.poller;

import dev.lambdarunner.config.RunnerConfig;
import dev.lambdarunner.secrets.SecretStore;
import dev.lambdarunner.sensitive.Secret;
import dev.lambdarunner.testsupport.TestConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The runner is wired from its typed configuration and the {@link RunnerEnvironment} it is given, nothing else: no
 * process starts, no GitLab call is made.
 */
class RunnerFactoryTest {

    private static final SecretStore NO_SECRET_STORE = () -> {
        throw new AssertionError("no secret document is configured");
    };

    @TempDir
    Path dir;

    private final RunnerConfig config = TestConfig.runner(Map.of("runner.sandbox.allow-unhardened-runner", "true"));

    private RunOptions options(String terraform) {
        return new RunOptions("http://127.0.0.1:9", Secret.of("glrt-test-token"), dir.resolve("work"), terraform, Optional.empty(),
                1, true);
    }

    @Test
    void terraformIsLookedUpOnThePathOfTheGivenEnvironment() throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.createFile(bin.resolve("terraform"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        RunnerFactory factory = new RunnerFactory(config, NO_SECRET_STORE,
                new RunnerEnvironment("1.2.3", Map.of("PATH", bin.toString())));

        Poller poller = factory.poller(options("terraform"), factory.unbounded());

        assertThat(poller).isNotNull();
        assertThat(dir.resolve("work/plugin-cache")).isDirectory();
    }

    @Test
    void aRunnerEnvironmentWithoutTerraformOnItsPath_isAConfigurationError() {
        RunnerFactory factory = new RunnerFactory(config, NO_SECRET_STORE,
                new RunnerEnvironment("1.2.3", Map.of("PATH", dir.toString())));

        assertThatThrownBy(() -> factory.poller(options("terraform"), factory.unbounded()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("terraform binary 'terraform': not found on PATH");
    }

    @Test
    void theNewTunablesHaveGitLabRunnersValuesByDefault() {
        assertThat(config.gitlab().maxForbidden()).isEqualTo(3);
        assertThat(config.gitlab().retry().factor()).isEqualTo(2.0);
        assertThat(config.gitlab().retry().jitter()).isEqualTo(0.1);
        assertThat(config.build().revision()).isEqualTo("unknown");
    }

    @Test
    void theEnvironmentNeverPrintsItsValues() {
        RunnerEnvironment environment = new RunnerEnvironment("1.2.3", Map.of("AWS_SESSION_TOKEN", "secret-value"));

        assertThat(environment.toString()).doesNotContain("secret-value").doesNotContain("AWS_SESSION_TOKEN");
    }
}
