package dev.lambdarunner.script;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads the commands of one script entry into a tree: simple commands (checked by the policy) and
 * {@code if}/{@code elif}/{@code else}/{@code fi} blocks, whose keywords count, as in sh, only unquoted and in
 * command position. The whole entry is read before anything runs; a block left open or a keyword out of place is
 * refused with sh's reason.
 */
final class EntryGrammar {

    private static final Set<String> BLOCK_WORDS = Set.of("if", "then", "elif", "else", "fi");
    private static final Set<String> OPENING = Set.of("if", "then", "elif", "else");

    /** A keyword, or a command with the keywords before it removed, or the end of a command. */
    private sealed interface Token permits Keyword, Command, End {
    }

    private record Keyword(String word, ScriptLine line) implements Token {
    }

    private record Command(ScriptLine line) implements Token {
    }

    private record End() implements Token {
    }

    private final List<Token> tokens = new ArrayList<>();
    private final Function<ScriptLine, ScriptCommand> simple;
    private int pos;

    private EntryGrammar(Function<ScriptLine, ScriptCommand> simple) {
        this.simple = simple;
    }

    /** The entry's commands; {@code simple} checks each simple command (throws to refuse it). */
    static List<ScriptCommand> read(String entry, Function<ScriptLine, ScriptCommand> simple) {
        EntryGrammar grammar = new EntryGrammar(simple);
        for (EntryScanner.Terminated command : new EntryScanner(entry).scanCommands()) {
            grammar.tokenize(command);
        }
        List<ScriptCommand> commands = grammar.list(Set.of(), null);
        return List.copyOf(commands);
    }

    private void tokenize(EntryScanner.Terminated command) {
        ScriptLine line = command.line();
        List<Word> words = line.words();
        String source = line.source();
        String last = null;
        int i = 0;
        while (i < words.size() && (last == null || OPENING.contains(last)) && isKeyword(words.get(i), source)) {
            last = words.get(i).literal().orElseThrow();
            tokens.add(new Keyword(last, line));
            source = source.substring(last.length()).stripLeading();
            i++;
        }
        if (i < words.size()) {
            if ("fi".equals(last)) {
                throw CommandPolicy.refuse(line, "'fi' must end its command: '" + source + "' follows it");
            }
            tokens.add(new Command(new ScriptLine(source, words.subList(i, words.size()))));
        } else if (command.semicolon() && OPENING.contains(last)) {
            throw CommandPolicy.refuse(line, "';' right after '" + last + "' is a syntax error in sh");
        }
        tokens.add(new End());
    }

    /** Unquoted, as written: the source starts with the keyword and a blank or ends there. */
    private static boolean isKeyword(Word word, String source) {
        String text = word.literal().orElse("");
        return BLOCK_WORDS.contains(text) && source.startsWith(text)
                && (source.length() == text.length() || Character.isWhitespace(source.charAt(text.length())));
    }

    /** Commands up to one of the keywords in {@code until} (not consumed) or the end of the entry. */
    private List<ScriptCommand> list(Set<String> until, Keyword opening) {
        List<ScriptCommand> commands = new ArrayList<>();
        while (pos < tokens.size()) {
            Token token = tokens.get(pos);
            if (token instanceof End) {
                pos++;
            } else if (token instanceof Command command) {
                pos++;
                commands.add(simple.apply(command.line()));
            } else {
                Keyword keyword = (Keyword) token;
                if (until.contains(keyword.word())) {
                    return commands;
                }
                if (!keyword.word().equals("if")) {
                    throw CommandPolicy.refuse(keyword.line(), Builtins.keywordRefusal(keyword.word()));
                }
                commands.add(ifBlock(keyword));
            }
        }
        if (opening != null) {
            throw CommandPolicy.refuse(opening.line(), "'if' without a matching '" + (until.contains("fi") ? "fi" : "then")
                    + "' in the same script entry");
        }
        return commands;
    }

    private ScriptCommand ifBlock(Keyword opening) {
        List<ScriptCommand.Branch> branches = new ArrayList<>();
        String word = "if";
        List<ScriptCommand> otherwise = List.of();
        while (!word.equals("fi")) {
            pos++;
            if (word.equals("else")) {
                otherwise = nonEmpty(list(Set.of("fi"), opening), opening, "else");
            } else {
                List<ScriptCommand> condition = condition(nonEmpty(list(Set.of("then"), opening), opening, word));
                pos++;
                branches.add(new ScriptCommand.Branch(condition, nonEmpty(list(Set.of("elif", "else", "fi"), opening),
                        opening, "then")));
            }
            word = ((Keyword) tokens.get(pos)).word();
        }
        pos++;
        return new ScriptCommand.If(opening.line(), branches, otherwise);
    }

    /** Only built-ins decide a branch: a condition starts no process. */
    private static List<ScriptCommand> condition(List<ScriptCommand> commands) {
        for (ScriptCommand command : commands) {
            if (!(command instanceof ScriptCommand.Test || command instanceof ScriptCommand.Status
                    || command instanceof ScriptCommand.Echo || command instanceof ScriptCommand.Assign)) {
                throw CommandPolicy.refuse(command.line(), "only [ ... ], test, true, false, echo and assignments"
                        + " may be an 'if' condition on this runner");
            }
        }
        return commands;
    }

    private static List<ScriptCommand> nonEmpty(List<ScriptCommand> commands, Keyword opening, String after) {
        if (commands.isEmpty()) {
            throw CommandPolicy.refuse(opening.line(), "'" + after + "' with no command after it is a syntax error"
                    + " in sh");
        }
        return commands;
    }
}
