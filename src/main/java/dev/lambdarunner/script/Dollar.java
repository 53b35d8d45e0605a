package dev.lambdarunner.script;

/** Reads what follows a {@code $}: a variable reference, a refused expansion, or a plain {@code $}. */
final class Dollar {

    private static final String SPECIAL_PARAMETERS = "?$!#@*-0123456789";
    /**
     * sh removes backslash-newline before it reads {@code $NAME}, so the name could go on after
     * it; rather than reimplement that, it is refused.
     */
    private static final String CONTINUATION = "line continuation inside a '$' expansion is not allowed";

    private Dollar() {
    }

    /** The cursor is on the {@code $}. */
    static void read(Cursor cursor, WordBuilder word, boolean inDoubleQuotes) {
        char next = cursor.has(1) ? cursor.peek(1) : ' ';
        if (next == '\\' && cursor.peek(2) == '\n') {
            throw cursor.refuse(CONTINUATION);
        } else if (next == '{') {
            braced(cursor, word);
        } else if (isNameStart(next)) {
            plainName(cursor, word);
        } else if (next == '(') {
            throw cursor.refuse(cursor.lookingAt("$((")
                    ? "arithmetic expansion '$((' is not allowed"
                    : "command substitution '$(' is not allowed");
        } else if (next == '[') {
            throw cursor.refuse("arithmetic expansion '$[' is not allowed");
        } else if (SPECIAL_PARAMETERS.indexOf(next) >= 0) {
            throw cursor.refuse("special parameter '$" + next + "' is not allowed");
        } else if (!inDoubleQuotes && (next == '\'' || next == '"')) {
            throw cursor.refuse("bash quoting '$" + next + "' is not allowed");
        } else {
            literalDollar(cursor, word, inDoubleQuotes);
        }
    }

    /** As in sh, a {@code $} that starts no expansion is an ordinary character. */
    private static void literalDollar(Cursor cursor, WordBuilder word, boolean inDoubleQuotes) {
        if (inDoubleQuotes) {
            word.appendQuoted(cursor.next());
        } else {
            word.appendUnquoted(cursor.next());
        }
    }

    private static void plainName(Cursor cursor, WordBuilder word) {
        int end = nameEnd(cursor, 1);
        char afterContinuation = cursor.lookingAt(end, "\\\n") ? cursor.peek(end + 2) : ' ';
        if (isNameChar(afterContinuation) || afterContinuation == '\\') {
            throw cursor.refuse(CONTINUATION);
        }
        String name = cursor.ahead(1, end);
        consume(cursor, end);
        word.appendVariable(name);
    }

    /** Only {@code ${NAME}}: any operator, length or special name inside the braces is refused. */
    private static void braced(Cursor cursor, WordBuilder word) {
        int end = nameEnd(cursor, 2);
        String name = cursor.ahead(2, end);
        if (cursor.has(end) && cursor.peek(end) == '}' && Segment.Variable.NAME.matcher(name).matches()) {
            consume(cursor, end + 1);
            word.appendVariable(name);
            return;
        }
        int close = cursor.distanceTo('}');
        if (close < 0) {
            throw cursor.refuse("unterminated '${'");
        }
        throw cursor.refuse("parameter expansion '" + cursor.ahead(0, close + 1)
                + "' is not allowed (only ${NAME} is)");
    }

    /** The offset just past the name characters starting {@code from} places ahead. */
    private static int nameEnd(Cursor cursor, int from) {
        int end = from;
        while (cursor.has(end) && isNameChar(cursor.peek(end))) {
            end++;
        }
        return end;
    }

    private static void consume(Cursor cursor, int count) {
        for (int i = 0; i < count; i++) {
            cursor.next();
        }
    }

    private static boolean isNameStart(char c) {
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isNameChar(char c) {
        return isNameStart(c) || (c >= '0' && c <= '9');
    }
}
