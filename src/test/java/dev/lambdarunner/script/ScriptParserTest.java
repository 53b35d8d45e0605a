package dev.lambdarunner.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static dev.lambdarunner.script.Refusals.assertRefused;
import static dev.lambdarunner.script.Refusals.no;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ScriptParserTest {

    private static final String ADDRESS = "https://gitlab.example.com/api/v4/projects/7/terraform/state/prod";
    private static final Map<String, String> ENV = Map.of(
            "TF_ROOT", "infra/prod",
            "TF_ADDRESS", ADDRESS,
            "SPACED", "a b  c",
            "EMPTY", "");

    static Stream<Arguments> accepted() {
        return Stream.of(
                ok("plain words", "terraform plan", List.of("terraform", "plan")),
                ok("tabs and repeated blanks", " \tterraform \t plan   -input=false \t",
                        List.of("terraform", "plan", "-input=false")),
                ok("gitlab template: cd \"${TF_ROOT}\"", "cd \"${TF_ROOT}\"", List.of("cd", "infra/prod")),
                ok("gitlab template: plan", "terraform plan -out=plan.cache -input=false",
                        List.of("terraform", "plan", "-out=plan.cache", "-input=false")),
                ok("gitlab template: init -backend-config",
                        "terraform init -backend-config=\"address=${TF_ADDRESS}\"",
                        List.of("terraform", "init", "-backend-config=address=" + ADDRESS)),
                ok("single quotes keep everything", "terraform '-var=x=$HOME \"q\" \\n ` $(id) ; | *'",
                        List.of("terraform", "-var=x=$HOME \"q\" \\n ` $(id) ; | *")),
                ok("adjacent parts join", "terraform a\"b\"'c'd", List.of("terraform", "abcd")),
                ok("empty words", "terraform \"\" '' x\"\"", List.of("terraform", "", "", "x")),
                ok("double-quote escapes", "terraform \"\\\"\\\\\\$\\`\"", List.of("terraform", "\"\\$`")),
                ok("other backslashes stay in double quotes", "terraform \"\\a\\n\\'\"",
                        List.of("terraform", "\\a\\n\\'")),
                ok("unquoted backslash escapes", "terraform a\\ b \\$TF_ROOT \\* \\| \\; \\~ \\# \\\\",
                        List.of("terraform", "a b", "$TF_ROOT", "*", "|", ";", "~", "#", "\\")),
                ok("continuation between words", "terraform plan \\\n    -out=x", List.of("terraform", "plan", "-out=x")),
                ok("continuation inside a word", "terra\\\nform", List.of("terraform")),
                ok("continuation in double quotes", "terraform \"a\\\nb\"", List.of("terraform", "ab")),
                ok("backslash-newline kept in single quotes", "terraform 'a\\\nb'", List.of("terraform", "a\\\nb")),
                ok("trailing comment", "terraform plan # | rm -rf / `id`", List.of("terraform", "plan")),
                ok("hash inside a word", "terraform a#b", List.of("terraform", "a#b")),
                ok("quoted hash", "terraform '#x' \"#y\"", List.of("terraform", "#x", "#y")),
                ok("newline inside quotes", "terraform -var=\"a\nb\" 'c\nd'", List.of("terraform", "-var=a\nb", "c\nd")),
                ok("variables", "terraform $TF_ROOT ${TF_ROOT} $TF_ROOT/x ${TF_ROOT}x x$TF_ROOT",
                        List.of("terraform", "infra/prod", "infra/prod", "infra/prod/x", "infra/prodx", "xinfra/prod")),
                ok("longest name wins", "terraform $TF_ROOTx", List.of("terraform", "")),
                ok("unknown and empty variables give an empty word", "terraform $NOPE \"$EMPTY\" a${NOPE}b",
                        List.of("terraform", "", "", "ab")),
                ok("unquoted variable is not split", "terraform $SPACED", List.of("terraform", "a b  c")),
                ok("lone dollar is literal", "terraform a$ '$' \"$\" $/x \"$;\" \"$'\" $",
                        List.of("terraform", "a$", "$", "$", "$/x", "$;", "$'", "$")),
                ok("tilde not at word start", "terraform a~b 'x'~ \"~\" \\~", List.of("terraform", "a~b", "x~", "~", "~")),
                ok("other punctuation is literal", "terraform ] ! % ^ , @ + = : .",
                        List.of("terraform", "]", "!", "%", "^", ",", "@", "+", "=", ":", ".")),
                ok("backtick in single quotes", "terraform '`'", List.of("terraform", "`")),
                ok("non-ascii and quoted control characters", "terraform -var=name=café '\r'",
                        List.of("terraform", "-var=name=café", "\r")));
    }

    @ParameterizedTest
    @MethodSource("accepted")
    void acceptedLineExpandsToTheseWords(String entry, List<String> expected) {
        List<ScriptLine> lines = ScriptParser.parse(List.of(entry));

        assertThat(lines).hasSize(1);
        assertThat(lines.get(0).words()).extracting(word -> word.expand(ENV::get)).containsExactlyElementsOf(expected);
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                no("pipe", "terraform plan | tee out", "pipe '|'"),
                no("or-list", "terraform plan || true", "or-list '||'"),
                no("background", "terraform apply &", "background '&'"),
                no("and-list", "terraform init && terraform plan", "and-list '&&'"),
                no("case terminator", "terraform plan;; rm -rf /", "case terminator ';;'"),
                no("semicolon with no command", "; terraform plan", "';' with no command before it"),
                no("bracket glob", "terraform plan [ab]", "glob '['"),
                no("output redirection", "terraform plan > out", "redirection '>'"),
                no("append redirection", "terraform plan >>out", "redirection '>>'"),
                no("input redirection", "terraform plan < in", "redirection '<'"),
                no("2>&1", "terraform plan 2>&1", "redirection '>&'"),
                no("&> redirection", "terraform plan &> log", "redirection '&>'"),
                no("here-document", "terraform plan <<EOF", "redirection '<<'"),
                no("subshell", "(terraform plan)", "subshell '('"),
                no("closing parenthesis", "terraform plan )", "subshell ')'"),
                no("backticks", "terraform plan -var=x=`id`", "backticks"),
                no("backticks in double quotes", "terraform plan \"-var=x=`id`\"", "backticks"),
                no("command substitution", "terraform $(echo plan)", "command substitution '$('"),
                no("command substitution in double quotes", "terraform \"$(id)\"", "command substitution '$('"),
                no("arithmetic", "terraform $((1+2))", "arithmetic expansion '$(('"),
                no("arithmetic in double quotes", "terraform \"$((1+2))\"", "arithmetic expansion '$(('"),
                no("old arithmetic", "terraform $[1+2]", "arithmetic expansion '$['"),
                no("default operator", "terraform ${A:-x}", "parameter expansion '${A:-x}'"),
                no("length", "terraform ${#A}", "parameter expansion '${#A}'"),
                no("substitution", "terraform \"${A/x/y}\"", "parameter expansion '${A/x/y}'"),
                no("suffix removal", "terraform ${A%x}", "parameter expansion '${A%x}'"),
                no("indirection", "terraform ${!A}", "parameter expansion '${!A}'"),
                no("positional in braces", "terraform ${1}", "parameter expansion '${1}'"),
                no("empty braces", "terraform ${}", "parameter expansion '${}'"),
                no("unterminated braces", "terraform ${A", "unterminated '${'"),
                no("$?", "terraform $?", "special parameter '$?'"),
                no("$$", "terraform $$", "special parameter '$$'"),
                no("$!", "terraform $!", "special parameter '$!'"),
                no("$#", "terraform $#", "special parameter '$#'"),
                no("$@ in double quotes", "terraform \"$@\"", "special parameter '$@'"),
                no("$*", "terraform $*", "special parameter '$*'"),
                no("$0", "terraform $0", "special parameter '$0'"),
                no("$1", "terraform $1", "special parameter '$1'"),
                no("$9", "terraform x$9", "special parameter '$9'"),
                no("$-", "terraform $-", "special parameter '$-'"),
                no("bash $'...'", "terraform $'\\n'", "bash quoting '$''"),
                no("bash $\"...\"", "terraform $\"x\"", "bash quoting '$\"'"),
                no("glob *", "terraform fmt *.tf", "glob '*'"),
                no("glob ?", "terraform fmt a?.tf", "glob '?'"),
                no("glob [", "terraform fmt [ab].tf", "glob '['"),
                no("brace {", "terraform fmt {a,b}.tf", "brace expansion '{'"),
                no("brace }", "terraform fmt }", "brace expansion '}'"),
                no("leading tilde", "cd ~", "tilde expansion '~'"),
                no("leading tilde path", "cd ~/infra", "tilde expansion '~'"),
                no("tilde after =", "terraform plan -var-file=~/x.tfvars", "tilde expansion '~'"),
                no("tilde after :", "export A=x:~/y", "tilde expansion '~'"),
                no("unterminated single quote", "terraform 'plan", "unterminated single quote"),
                no("unterminated double quote", "terraform \"plan", "unterminated double quote"),
                no("backslash ending double quotes", "terraform \"plan\\", "unterminated double quote"),
                no("trailing lone backslash", "terraform plan \\", "trailing lone backslash"),
                no("variable command name", "$TF plan", "command name must be literal"),
                no("quoted variable command name", "\"${TF}\" plan", "command name must be literal"),
                no("partly variable command name", "terra$FORM plan", "command name must be literal"),
                no("continuation inside a name", "terraform $TF_\\\nROOT", "line continuation"),
                no("continuation after $", "terraform $\\\n(id)", "line continuation"),
                no("unquoted carriage return", "terraform plan\r", "control character U+000D"),
                no("NUL in quotes", "terraform 'a\0b'", "NUL character"));
    }

    @ParameterizedTest
    @MethodSource("refused")
    void refusedLineNamesTheConstruct(String entry, String reason) {
        assertRefused(() -> ScriptParser.parse(List.of(entry)), reason);
    }

    @Test
    void multiLineEntryGivesOneLinePerCommandAndSkipsBlanksAndComments() {
        String block = "# set up\ncd \"${TF_ROOT}\"\n\n   \nterraform init \\\n  -input=false  # quiet\n  # done\nterraform plan";

        List<ScriptLine> lines = ScriptParser.parse(List.of(block, "export A=1", "", "# nothing"));

        assertThat(lines).extracting(ScriptLine::source).containsExactly(
                "cd \"${TF_ROOT}\"", "terraform init   -input=false", "terraform plan", "export A=1");
    }

    @Test
    void refusalInALaterLineNamesThatLine() {
        assertThatThrownBy(() -> ScriptParser.parse(List.of("terraform init\n  terraform plan | tee x\nterraform apply")))
                .isInstanceOf(ScriptRejectedException.class)
                .hasMessage("refused script line 'terraform plan | tee x': pipe '|' is not allowed")
                .satisfies(e -> assertThat(((ScriptRejectedException) e).line()).isEqualTo("terraform plan | tee x"));
    }

    @Test
    void refusalInALaterEntryNamesThatEntry() {
        assertThatThrownBy(() -> ScriptParser.parse(List.of("terraform init", "terraform plan | terraform apply")))
                .isInstanceOf(ScriptRejectedException.class)
                .hasMessageContaining("'terraform plan | terraform apply'");
    }

    @Test
    void wordsKeepVariablesUnexpandedForTheLog() {
        ScriptLine line = ScriptParser.parse(List.of("terraform init -backend-config=\"address=${TF_ADDRESS}\"")).get(0);

        Word config = line.words().get(2);
        assertThat(config.segments()).containsExactly(
                new Segment.Literal("-backend-config=address="), new Segment.Variable("TF_ADDRESS"));
        assertThat(config.literal()).isEmpty();
        assertThat(line.words().get(1).literal()).contains("init");
        assertThat(line.source()).isEqualTo("terraform init -backend-config=\"address=${TF_ADDRESS}\"");
    }

    @Test
    void quotedAndUnquotedSpellingsOfTheSameWordAreEqual() {
        List<ScriptLine> lines = ScriptParser.parse(List.of("terraform plan", "'terraform' p\"la\"n", "terraform \\plan"));

        assertThat(lines).extracting(ScriptLine::words).containsOnly(List.of(Word.of("terraform"), Word.of("plan")));
    }

    @Test
    void nullEntriesAreSkipped() {
        List<String> entries = new java.util.ArrayList<>();
        entries.add(null);
        entries.add("terraform plan");

        assertThat(ScriptParser.parse(entries)).hasSize(1);
    }

    private static Arguments ok(String name, String entry, List<String> words) {
        return arguments(named(name, entry), words);
    }
}
