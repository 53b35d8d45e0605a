package dev.lambdarunner.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class EnvAllowlistProperties {

    @Property
    void picksExactlyTheAllowedNamesThatAreSetWithTheirValues(@ForAll("environments") Map<String, String> runnerEnv,
            @ForAll("allowlists") List<String> allowed) {
        Map<String, String> picked = EnvAllowlist.passThrough(runnerEnv, allowed);

        Set<String> expected = new HashSet<>(allowed);
        expected.retainAll(runnerEnv.keySet());
        assertThat(picked.keySet()).isEqualTo(expected);
        picked.forEach((name, value) -> assertThat(value).isEqualTo(runnerEnv.get(name)));
    }

    @Example
    void namesAreNeitherPatternsNorCaseInsensitive() {
        Map<String, String> runnerEnv = Map.of("AWS_SESSION_TOKEN", "t", "PATH", "/bin", "Home", "/root");

        assertThat(EnvAllowlist.passThrough(runnerEnv, List.of("AWS_*", "path", "HOME", "PATH")))
                .containsExactly(Map.entry("PATH", "/bin"));
    }

    @Provide
    Arbitrary<Map<String, String>> environments() {
        return Arbitraries.maps(names(), Arbitraries.strings().ofMaxLength(8)).ofMaxSize(10);
    }

    @Provide
    Arbitrary<List<String>> allowlists() {
        return names().list().ofMaxSize(8);
    }

    // A tiny alphabet makes overlaps, case twins and pattern-like names common.
    private static Arbitrary<String> names() {
        return Arbitraries.strings().withChars("Aa_*.").ofMinLength(1).ofMaxLength(3);
    }
}
