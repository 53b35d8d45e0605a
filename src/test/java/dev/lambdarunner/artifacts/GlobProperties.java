package dev.lambdarunner.artifacts;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Glob semantics over open-ended paths: literals match themselves only, {@code *} stays in a segment, {@code **} spans. */
class GlobProperties {

    @Provide
    Arbitrary<List<String>> segments() {
        return Arbitraries.strings().withChars("ab.-_ *?[]{},\\()+$^|").ofMinLength(1).ofMaxLength(6)
                .filter(s -> !s.equals(".") && !s.equals("..")).list().ofMinSize(1).ofMaxSize(4);
    }

    @Property(tries = 500)
    void anEscapedPathMatchesExactlyItself(@ForAll("segments") List<String> segments,
                                           @ForAll("segments") List<String> other) {
        String path = String.join("/", segments);
        Glob glob = Glob.compile(escape(path));

        assertThat(glob.matches(path)).isTrue();
        String different = String.join("/", other);
        assertThat(glob.matches(different)).isEqualTo(different.equals(path));
    }

    @Property(tries = 500)
    void aStarNeverCrossesADirectoryAndADoubleStarDoes(@ForAll("segments") List<String> segments) {
        String path = String.join("/", segments);
        String last = segments.get(segments.size() - 1);

        assertThat(Glob.compile("*").matches(path)).isEqualTo(segments.size() == 1);
        assertThat(Glob.compile("**").matches(path)).isTrue();
        assertThat(Glob.compile("**/" + escape(last)).matches(path)).isTrue();
    }

    private static String escape(String path) {
        StringBuilder out = new StringBuilder();
        for (char c : path.toCharArray()) {
            if ("*?[]{},\\".indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }
}
