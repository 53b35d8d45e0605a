package dev.lambdarunner.script;

/**
 * Reads one script entry character by character and keeps the text of the current command as
 * written, for the {@code $ ...} echo and for refusal messages.
 */
final class Cursor {

    private static final char END = '\0';

    private final String text;
    private final StringBuilder echo = new StringBuilder();
    private int pos;
    private int commandEnd;

    Cursor(String text) {
        this.text = text;
    }

    boolean atEnd() {
        return pos >= text.length();
    }

    /** The current character, or {@code '\0'} at the end (a real NUL is refused before it matters). */
    char peek() {
        return peek(0);
    }

    char peek(int offset) {
        int at = pos + offset;
        return at < text.length() ? text.charAt(at) : END;
    }

    /** Whether there is a character {@code offset} places ahead of the current one. */
    boolean has(int offset) {
        return pos + offset < text.length();
    }

    /** The text from {@code offset} places ahead, up to (not including) {@code end} places ahead. */
    String ahead(int offset, int end) {
        return text.substring(Math.min(pos + offset, text.length()), Math.min(pos + end, text.length()));
    }

    /** How far ahead {@code c} next occurs, or -1. */
    int distanceTo(char c) {
        int at = text.indexOf(c, pos);
        return at < 0 ? -1 : at - pos;
    }

    boolean lookingAt(String prefix) {
        return lookingAt(0, prefix);
    }

    boolean lookingAt(int offset, String prefix) {
        return text.startsWith(prefix, pos + offset);
    }

    /** Consumes the current character into the echo of the command. */
    char next() {
        char c = text.charAt(pos++);
        echo.append(c);
        return c;
    }

    /** Consumes characters that are not part of the command's echo: a continuation or a comment. */
    void skip(int count) {
        pos += count;
    }

    /** Consumes a comment up to, not including, the end of the physical line. */
    void skipComment() {
        while (!atEnd() && peek() != '\n') {
            pos++;
        }
    }

    /** Starts the echo of a new command. */
    void startCommand() {
        echo.setLength(0);
        commandEnd = 0;
    }

    /** Marks the end of a word, so that blanks after the last word stay out of the echo. */
    void markWordEnd() {
        commandEnd = echo.length();
    }

    /** The current command as written, up to the end of its last word. */
    String commandText() {
        return echo.substring(0, commandEnd);
    }

    /** Refuses the current command; the message shows it up to the end of the physical line. */
    ScriptRejectedException refuse(String reason) {
        int end = text.indexOf('\n', pos);
        String rest = text.substring(pos, end < 0 ? text.length() : end);
        String line = (echo + rest).strip().replace("\0", "\\0");
        return new ScriptRejectedException(line, reason);
    }
}
