package dev.lambdarunner.sandbox;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RunnerOwnedNamesProperties {

    private static final List<String> OWNED = List.of("PATH", "HOME", "TMPDIR", "TF_CLI_CONFIG_FILE",
            "TERRAFORM_CONFIG", "TF_PLUGIN_CACHE_DIR", "TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE",
            "TF_IN_AUTOMATION", "TF_INPUT", "CHECKPOINT_DISABLE", "CI_PROJECT_DIR", "CI_BUILDS_DIR");

    @Property
    void everyNameEndsUpOnExactlyOneSideAndNoOwnedNamePasses(@ForAll("environments") Map<String, String> env) {
        RunnerOwnedNames.Split split = RunnerOwnedNames.split(env);

        assertThat(split.allowed().keySet().stream().filter(split.dropped()::containsKey)).isEmpty();
        List<String> both = new ArrayList<>(split.allowed().keySet());
        both.addAll(split.dropped().keySet());
        assertThat(both).containsExactlyInAnyOrderElementsOf(env.keySet());
        split.allowed().forEach((name, value) -> {
            assertThat(OWNED).doesNotContain(name);
            assertThat(name).doesNotStartWith("LD_");
            assertThat(value).isEqualTo(env.get(name));
        });
        split.dropped().forEach((name, why) -> {
            assertThat(OWNED.contains(name) || name.startsWith("LD_")).as(name).isTrue();
            assertThat(why).isEqualTo(RunnerOwnedNames.reason(name).orElseThrow());
        });
        assertThat(new ArrayList<>(split.allowed().keySet()))
                .isEqualTo(env.keySet().stream().filter(split.allowed()::containsKey).toList());
    }

    @Example
    void namesAreExactAndCaseSensitive() {
        Map<String, String> env = new LinkedHashMap<>();
        for (String name : List.of("LD_PRELOAD", "LD_AUDIT", "ld_preload", "Path", "PATHS", "XLD_PRELOAD",
                "TF_CLI_CONFIG_FILE", "TF_CLI_ARGS", "TF_VAR_path")) {
            env.put(name, "v");
        }

        RunnerOwnedNames.Split split = RunnerOwnedNames.split(env);

        assertThat(split.dropped()).containsOnlyKeys("LD_PRELOAD", "LD_AUDIT", "TF_CLI_CONFIG_FILE");
        assertThat(split.allowed()).containsOnlyKeys("ld_preload", "Path", "PATHS", "XLD_PRELOAD", "TF_CLI_ARGS",
                "TF_VAR_path");
        assertThat(RunnerOwnedNames.reason(null)).isEmpty();
    }

    @Provide
    Arbitrary<Map<String, String>> environments() {
        Arbitrary<String> owned = Arbitraries.of(OWNED);
        Arbitrary<String> linker = Arbitraries.strings().withChars("A_Z").ofMaxLength(4).map(s -> "LD_" + s);
        Arbitrary<String> near = Combinators.combine(Arbitraries.of(OWNED), Arbitraries.of("", "_", "X", "l"))
                .as((n, extra) -> extra.equals("l") ? n.toLowerCase() : n + extra);
        Arbitrary<String> other = Arbitraries.strings().withChars("ADL_PTH").ofMinLength(1).ofMaxLength(5);
        Arbitrary<String> names = Arbitraries.oneOf(owned, linker, near, other);
        return Arbitraries.maps(names, Arbitraries.strings().ofMaxLength(6)).ofMaxSize(12);
    }
}
