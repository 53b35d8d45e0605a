package dev.lambdarunner.poller;

import dev.lambdarunner.sensitive.Secret;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Start options are logged and end up in exception messages; the runner token in them never shows. */
class RunOptionsProperties {

    @Property
    void printingTheOptionsNeverShowsTheToken(@ForAll("tokens") String token) {
        RunOptions options = new RunOptions("https://gitlab.example.com", Secret.of(token), Path.of("/tmp/work"),
                "terraform", Optional.of("tofu"), 1, true);

        assertThat(options.toString()).doesNotContain(token).contains("[MASKED]", "gitlab.example.com", "/tmp/work");
        assertThat(options.token().value()).isEqualTo(token);
    }

    @Provide
    Arbitrary<String> tokens() {
        return Arbitraries.strings().ofMinLength(1).ofMaxLength(40).map(rest -> "glrt-~" + rest);
    }
}
