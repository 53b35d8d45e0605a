package dev.lambdarunner.script;

import java.util.ArrayList;
import java.util.List;

/** Splits one script entry into commands and words; quoted text and {@code $} go to helpers. */
final class EntryScanner {

    private final Cursor cursor;
    private final List<ScriptLine> lines = new ArrayList<>();
    private final List<Word> words = new ArrayList<>();
    private final WordBuilder word = new WordBuilder();

    EntryScanner(String entry) {
        this.cursor = new Cursor(entry);
    }

    List<ScriptLine> scan() {
        cursor.startCommand();
        while (!cursor.atEnd()) {
            step(cursor.peek());
        }
        endCommand();
        return lines;
    }

    private void step(char c) {
        if (c == ' ' || c == '\t') {
            blank();
        } else if (c == '\n') {
            endCommand();
            cursor.skip(1);
            cursor.startCommand();
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
        String refusal = Metachars.refusal(cursor);
        if (refusal != null) {
            throw cursor.refuse(refusal);
        }
        if (c == '~' && word.tildeExpands()) {
            throw cursor.refuse("tilde expansion '~' is not allowed (quote it or use a full path)");
        }
        word.appendUnquoted(cursor.next());
    }

    private void endWord() {
        if (word.started()) {
            words.add(word.build());
            cursor.markWordEnd();
        }
    }

    private void endCommand() {
        endWord();
        if (words.isEmpty()) {
            return;
        }
        if (words.get(0).literal().isEmpty()) {
            throw cursor.refuse("command name must be literal");
        }
        lines.add(new ScriptLine(cursor.commandText(), List.copyOf(words)));
        words.clear();
    }
}
