package dev.lambdarunner.script;

/** Reads {@code '...'} and {@code "..."} parts of a word, as sh does. */
final class QuotedText {

    /** The characters a backslash escapes inside double quotes; before any other it stays literal. */
    private static final String DOUBLE_QUOTE_ESCAPES = "\"\\$`";

    private QuotedText() {
    }

    /** Everything up to the next {@code '} is literal: backslashes, {@code $}, newlines. */
    static void single(Cursor cursor, WordBuilder word) {
        cursor.next();
        StringBuilder text = new StringBuilder();
        while (true) {
            if (cursor.atEnd()) {
                throw cursor.refuse("unterminated single quote");
            }
            char c = cursor.peek();
            if (c == '\0') {
                throw cursor.refuse("NUL character");
            }
            cursor.next();
            if (c == '\'') {
                word.appendQuoted(text);
                return;
            }
            text.append(c);
        }
    }

    /** Expands {@code $NAME}/{@code ${NAME}}; refuses backticks and {@code $(}. */
    static void doubleQuoted(Cursor cursor, WordBuilder word) {
        cursor.next();
        word.markStarted();
        while (true) {
            if (cursor.atEnd()) {
                throw cursor.refuse("unterminated double quote");
            }
            char c = cursor.peek();
            if (c == '"') {
                cursor.next();
                return;
            }
            doubleQuotedChar(cursor, word, c);
        }
    }

    private static void doubleQuotedChar(Cursor cursor, WordBuilder word, char c) {
        switch (c) {
            case '\\' -> backslash(cursor, word);
            case '$' -> Dollar.read(cursor, word, true);
            case '`' -> throw cursor.refuse(Metachars.BACKTICK);
            case '\0' -> throw cursor.refuse("NUL character");
            default -> word.appendQuoted(cursor.next());
        }
    }

    private static void backslash(Cursor cursor, WordBuilder word) {
        if (!cursor.has(1)) {
            throw cursor.refuse("unterminated double quote");
        }
        char escaped = cursor.peek(1);
        if (escaped == '\n') {
            cursor.skip(2);
        } else if (DOUBLE_QUOTE_ESCAPES.indexOf(escaped) >= 0) {
            cursor.next();
            word.appendQuoted(cursor.next());
        } else {
            word.appendQuoted(cursor.next());
        }
    }
}
