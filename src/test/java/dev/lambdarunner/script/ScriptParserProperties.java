package dev.lambdarunner.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

class ScriptParserProperties {

    /** Characters a shell treats specially, so that generated text hits them often. */
    private static final String SPECIAL = " \t\n\\'\"$`#|&;<>(){}[]*?~=:-_!%\r";

    /** Constructs that must never get through unquoted, whatever surrounds them. */
    private static final List<String> REFUSED = List.of(
            "|", "||", "&", "&&", ";;", "<", ">", ">>", "2>&1", "&>", "<<", "(", ")", "`", "$(", "$((", "$[",
            "${A:-x}", "${#A}", "${A/x/y}", "$?", "$$", "$!", "$#", "$@", "$*", "$0", "$7", "$-",
            "*", "?", "[a]", "{", "}", "'", "\"", " ~", "$'", "$\"");

    private static final List<String> BENIGN_TOKENS = List.of(
            " ", "\t", "\n", "x", "-out=a", "\\", "\\\n", "$", "$A", "${A}", "#", "~", "=", ":", "]", "''", "\"\"",
            "\"$A \\\" \\$\"", "'$(x) \\'", "\\$", "\"\n\"");
    private static final List<String> HOSTILE_TOKENS = List.of(
            "'", "\"", "${", "}", "{", "$(", "`", "|", "&", ";", "<", ">", "(", ")", "*", "?", "[", "$?", "$1", "\r", "\0");

    /** The two ways sh quotes any word so that it comes back exactly. */
    enum Quoting {
        SINGLE {
            @Override
            String quote(String word) {
                return "'" + word.replace("'", "'\\''") + "'";
            }
        },
        DOUBLE {
            @Override
            String quote(String word) {
                return "\"" + word.replaceAll("([\"\\\\$`])", "\\\\$1") + "\"";
            }
        };

        abstract String quote(String word);
    }

    @Property(tries = 2000) // as many for each quoting as when each had its own property
    void quotedWordsComeBackExactly(@ForAll("anyWords") List<String> words, @ForAll Quoting quoting,
                                    @ForAll("separator") String separator) {
        String entry = words.stream().map(quoting::quote).collect(Collectors.joining(separator));

        assertThat(literalWordsOf(entry)).containsExactlyElementsOf(words);
    }

    @Property
    void unquotedMetacharacterIsAlwaysRefused(@ForAll("safeWords") List<String> words,
                                              @ForAll("refusedConstruct") String construct,
                                              @ForAll("spacing") String before, @ForAll("spacing") String after,
                                              @ForAll("index") int index) {
        List<String> parts = new ArrayList<>(words);
        parts.add(Math.min(index, parts.size()), before + construct + after);
        String entry = String.join(" ", parts).replace("  ", " ");

        ScriptRejectedException refusal = catchThrowableOfType(ScriptRejectedException.class,
                () -> ScriptParser.parse(List.of(entry)));

        assertThat(refusal).as("refusal of %s", entry).isNotNull();
        assertThat(refusal.line()).contains(construct.strip());
        assertThat(refusal.getMessage()).startsWith("refused script line '").contains(refusal.reason());
    }

    @Property
    void anyInputIsParsedConsistentlyOrRefused(@ForAll("fuzzEntries") List<String> entries) {
        List<ScriptLine> lines;
        try {
            lines = ScriptParser.parse(entries);
        } catch (ScriptRejectedException e) {
            assertThat(e.getMessage()).startsWith("refused script line '");
            assertThat(e.reason()).isNotBlank();
            return;
        }
        for (ScriptLine line : lines) {
            assertThat(line.words()).isNotEmpty();
            assertThat(line.words().get(0).literal().isPresent()
                    || line.words().get(0).display().matches("(?s)[A-Za-z_][A-Za-z0-9_]*=.*")).as("literal or NAME=").isTrue();
            assertThat(ScriptParser.parse(List.of(line.source()))).as("re-parsing its source").containsExactly(line);
        }
    }

    @Property
    void variableValuesAreNeverParsedOrSplit(@ForAll("nastyValue") String value) {
        ScriptLine line = ScriptParser.parse(List.of(
                "terraform plan -var=x=$V \"$V\" $V ${V}suffix \"a${V}b\" 'c$V'")).get(0);

        List<String> expanded = line.words().stream().map(word -> word.expand(Map.of("V", value)::get)).toList();

        assertThat(expanded).containsExactly("terraform", "plan", "-var=x=" + value, value, value,
                value + "suffix", "a" + value + "b", "c$V");
    }

    @Property
    void exportedValuesAreNeverParsedOrSplit(@ForAll("nastyValue") String value) {
        ScriptLine line = ScriptParser.parse(List.of("export A=$V B=\"$V\"/x")).get(0);

        ScriptCommand.Export export = (ScriptCommand.Export) new CommandPolicy(false).check(line);

        assertThat(export.assignments()).extracting(a -> a.value().expand(Map.of("V", value)::get))
                .containsExactly(value, value + "/x");
    }

    @Provide
    Arbitrary<List<String>> anyWords() {
        Arbitrary<String> word = Arbitraries.strings()
                .withChars(SPECIAL).withCharRange('\u0001', '\uffff')
                .ofMaxLength(12);
        return word.list().ofMinSize(1).ofMaxSize(6);
    }

    @Provide
    Arbitrary<String> separator() {
        return Arbitraries.of(" ", "\t", "  \t ", " \\\n  ");
    }

    @Provide
    Arbitrary<List<String>> safeWords() {
        return Arbitraries.strings().withChars("abcXYZ019_-./=:,@%+!]^").ofMinLength(1).ofMaxLength(8)
                .list().ofMinSize(1).ofMaxSize(5);
    }

    @Provide
    Arbitrary<String> refusedConstruct() {
        return Arbitraries.of(REFUSED);
    }

    @Provide
    Arbitrary<String> spacing() {
        return Arbitraries.of("", " ");
    }

    @Provide
    Arbitrary<Integer> index() {
        return Arbitraries.integers().between(0, 5);
    }

    /** Entries built from shell tokens and arbitrary characters, so both outcomes are common. */
    @Provide
    Arbitrary<List<String>> fuzzEntries() {
        Arbitrary<String> token = Arbitraries.frequencyOf(
                Tuple.of(16, Arbitraries.of(BENIGN_TOKENS)),
                Tuple.of(1, Arbitraries.of(HOSTILE_TOKENS)),
                Tuple.of(2, Arbitraries.chars().range('\u0001', '\uffff').map(String::valueOf)));
        Arbitrary<String> entry = token.list().ofMaxSize(15).map(tokens -> String.join("", tokens));
        Arbitrary<String> command = Arbitraries.of("terraform", "cd", "export", "", "'terraform'", "t\\\nf");
        return Combinators.combine(command, entry).as((c, e) -> c + e).injectNull(0.02)
                .list().ofMinSize(1).ofMaxSize(2);
    }

    @Provide
    Arbitrary<String> nastyValue() {
        Arbitrary<String> fixed = Arbitraries.of(
                "; rm -rf /", "$(rm -rf /)", "`id`", "a b", "\"quoted\"", "'single'", "$HOME", "${V}", "*", "", "\n");
        Arbitrary<String> random = Arbitraries.strings().withChars(SPECIAL).withCharRange('\u0000', '\uffff')
                .ofMaxLength(20);
        return Arbitraries.oneOf(fixed, random);
    }

    private static List<String> literalWordsOf(String entry) {
        List<ScriptLine> lines = ScriptParser.parse(List.of(entry));
        assertThat(lines).hasSize(1);
        return lines.get(0).words().stream().map(Word::literal).map(Optional::orElseThrow).toList();
    }
}
