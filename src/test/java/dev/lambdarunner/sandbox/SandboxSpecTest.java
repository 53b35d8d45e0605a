package dev.lambdarunner.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SandboxSpecTest {

    private static final Path DIR = Path.of("/tmp/job");
    private static final Duration ONE_SECOND = Duration.ofSeconds(1);

    @Test
    void toStringNamesTheProgramButNoArgumentOrValue() {
        SandboxSpec spec = new SandboxSpec(List.of("/opt/terraform", "plan", "-var=db_password=hunter2"), DIR,
                Map.of("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI"), ONE_SECOND, ONE_SECOND,
                OutputStream.nullOutputStream());

        assertThat(spec.toString()).contains("/opt/terraform", "AWS_SECRET_ACCESS_KEY", DIR.toString())
                .doesNotContain("hunter2", "wJalrXUtnFEMI");
    }

    @Test
    void rejectsWhatCannotBeRunWithoutEchoingValues() {
        assertThatThrownBy(() -> spec(List.of(), Map.of(), ONE_SECOND)).hasMessage("sandbox argv is empty");
        assertThatThrownBy(() -> spec(List.of("/bin/true"), Map.of(), Duration.ZERO))
                .hasMessageContaining("timeout must be positive");
        assertThatThrownBy(() -> spec(List.of("/bin/true"), Map.of("A=B", "secret"), ONE_SECOND))
                .hasMessageContaining("'A=B'").message().doesNotContain("secret");
        assertThatThrownBy(() -> spec(List.of("/bin/true"), Map.of("TOKEN", "s3cr3t\0x"), ONE_SECOND))
                .hasMessageContaining("'TOKEN'").message().doesNotContain("s3cr3t");
    }

    private static SandboxSpec spec(List<String> argv, Map<String, String> env, Duration timeout) {
        return new SandboxSpec(argv, DIR, env, timeout, ONE_SECOND, OutputStream.nullOutputStream());
    }
}
