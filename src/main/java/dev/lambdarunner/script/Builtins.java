package dev.lambdarunner.script;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks the commands the runner runs itself, starting no process: {@code echo}, {@code true}, {@code false},
 * {@code [ ... ]}/{@code test} and {@code NAME=value} assignments. Shell keywords other than {@code if} blocks
 * (which {@link EntryGrammar} reads) are refused by name.
 */
final class Builtins {

    /** sh's reserved words and the bash/ksh ones a script might use; {@code if} blocks are handled before this. */
    static final Set<String> KEYWORDS = Set.of("if", "then", "elif", "else", "fi", "while", "until", "for", "do",
            "done", "case", "esac", "in", "!", "{", "}", "function", "select", "[[", "]]");
    private static final Pattern ECHO_OPTION = Pattern.compile("-[neE]+");

    private Builtins() {
    }

    /** The built-in {@code line} is, if its command name is one. */
    static Optional<ScriptCommand> check(ScriptLine line, String name, List<Word> args) {
        return Optional.ofNullable(switch (name) {
            case "echo" -> echo(line, args);
            case "true" -> new ScriptCommand.Status(line, true);
            case "false" -> new ScriptCommand.Status(line, false);
            case "[" -> bracket(line, args);
            case "test" -> test(line, args);
            default -> isAssignment(line.words().get(0)) ? assign(line) : null;
        });
    }

    static String keywordRefusal(String name) {
        return switch (name) {
            case "then", "elif", "else", "fi" -> "'" + name + "' without a matching 'if' in the same script entry";
            default -> "shell keyword '" + name + "' is not supported by this runner (of the shell's compound"
                    + " commands only if/elif/else/fi is)";
        };
    }

    /** Options differ between shells' echo (dash has no {@code -e} and reads escapes always): refused. */
    private static ScriptCommand echo(ScriptLine line, List<Word> args) {
        if (!args.isEmpty() && args.get(0).literal().filter(a -> ECHO_OPTION.matcher(a).matches()).isPresent()) {
            throw CommandPolicy.refuse(line, "echo options are not supported by this runner");
        }
        return new ScriptCommand.Echo(line, args);
    }

    private static ScriptCommand bracket(ScriptLine line, List<Word> args) {
        if (args.isEmpty() || !args.get(args.size() - 1).literal().filter("]"::equals).isPresent()) {
            throw CommandPolicy.refuse(line, "'[' without a closing ']'");
        }
        return test(line, args.subList(0, args.size() - 1));
    }

    private static ScriptCommand test(ScriptLine line, List<Word> args) {
        TestExpression.check(line, args);
        return new ScriptCommand.Test(line, args);
    }

    private static boolean isAssignment(Word word) {
        String prefix = word.literalPrefix();
        int equals = prefix.indexOf('=');
        return equals > 0 && Segment.Variable.NAME.matcher(prefix.substring(0, equals)).matches();
    }

    /** Every word must be an assignment: {@code A=1 terraform plan} would set A for that command only. */
    private static ScriptCommand assign(ScriptLine line) {
        List<ScriptCommand.Assignment> assignments = new ArrayList<>();
        for (Word word : line.words()) {
            if (!isAssignment(word)) {
                throw CommandPolicy.refuse(line, "an assignment before a command ('" + line.words().get(0).display()
                        + " " + word.display() + "') is not allowed (to pass a variable to a command, export it on a line of its own)");
            }
            assignments.add(Exports.assignment(line, word));
        }
        return new ScriptCommand.Assign(line, assignments);
    }
}
