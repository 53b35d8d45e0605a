package dev.lambdarunner.script;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Splits one script entry into commands and words; quoted text and {@code $} go to helpers. Commands end at an
 * unquoted newline or {@code ;}.
 */
final class EntryScanner {

    /** One command and whether a {@code ;} (rather than a newline or the end of the entry) ended it. */
    record Terminated(ScriptLine line, boolean semicolon) {
    }

    private static final Pattern ASSIGNMENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*=");

    private final Cursor cursor;
    private final List<Terminated> lines = new ArrayList<>();
    private final List<Word> words = new ArrayList<>();
    private final WordBuilder word = new WordBuilder();

    EntryScanner(String entry) {
        this.cursor = new Cursor(entry);
    }

    List<ScriptLine> scan() {
        return scanCommands().stream().map(Terminated::line).toList();
    }

    List<Terminated> scanCommands() {
        cursor.startCommand();
        while (!cursor.atEnd()) {
            step(cursor.peek());
        }
        endCommand(false);
        return lines;
    }

    private void step(char c) {
        if (c == ' ' || c == '\t') {
            blank();
        } else if (c == '\n') {
            endCommand(false);
            cursor.skip(1);
            cursor.startCommand();
        } else if (c == ';') {
            semicolon();
        } else if (c == '#' && !word.started()) {
            cursor.skipComment();
        } else if (c == '\\') {
            backslash();
        } else if (c == '\'') {
            QuotedText.single(cursor, word);
        } else if (c == '"') {
            QuotedText.doubleQuoted(cursor, word);
        } else if (c == '$') {
            Dollar.read(cursor, word, false);
        } else {
            plain(c);
        }
    }

    /** Blanks end a word; those before the command name are left out of its echo. */
    private void blank() {
        endWord();
        if (words.isEmpty()) {
            cursor.skip(1);
        } else {
            cursor.next();
        }
    }

    /** Like a newline, except that sh refuses {@code ;} with no command before it, and {@code ;;} belongs to case. */
    private void semicolon() {
        if (cursor.lookingAt(";;")) {
            throw cursor.refuse("case terminator ';;' is not allowed");
        }
        endWord();
        if (words.isEmpty()) {
            throw cursor.refuse("';' with no command before it is a syntax error in sh");
        }
        endCommand(true);
        cursor.skip(1);
        cursor.startCommand();
    }

    private void backslash() {
        if (!cursor.has(1)) {
            throw cursor.refuse("trailing lone backslash");
        }
        if (cursor.peek(1) == '\n') {
            cursor.skip(2);
            return;
        }
        if (cursor.peek(1) == '\0') {
            throw cursor.refuse("NUL character");
        }
        cursor.next();
        word.appendQuoted(cursor.next());
    }

    private void plain(char c) {
        if (c == '[' && !word.started() && endsWord(1)) {
            word.appendUnquoted(cursor.next()); // a lone '[' is the test command or its argument, never a glob
            return;
        }
        String refusal = Metachars.refusal(cursor);
        if (refusal != null) {
            throw cursor.refuse(refusal);
        }
        if (c == '~' && word.tildeExpands()) {
            throw cursor.refuse("tilde expansion '~' is not allowed (quote it or use a full path)");
        }
        word.appendUnquoted(cursor.next());
    }

    private boolean endsWord(int offset) {
        return !cursor.has(offset) || " \t\n;".indexOf(cursor.peek(offset)) >= 0;
    }

    private void endWord() {
        if (word.started()) {
            words.add(word.build());
            cursor.markWordEnd();
        }
    }

    private void endCommand(boolean semicolon) {
        endWord();
        if (words.isEmpty()) {
            return;
        }
        if (words.get(0).literal().isEmpty() && !ASSIGNMENT.matcher(words.get(0).literalPrefix()).lookingAt()) {
            throw cursor.refuse("command name must be literal");
        }
        lines.add(new Terminated(new ScriptLine(cursor.commandText(), List.copyOf(words)), semicolon));
        words.clear();
    }
}
