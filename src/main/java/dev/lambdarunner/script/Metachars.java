package dev.lambdarunner.script;

/** Unquoted characters that make a shell do something other than build a word. */
final class Metachars {

    static final String BACKTICK = "command substitution with backticks '`' is not allowed";

    private Metachars() {
    }

    /** Why the unquoted character at the cursor is refused, or {@code null} if it is ordinary. */
    static String refusal(Cursor cursor) {
        char c = cursor.peek();
        return switch (c) {
            case '|' -> cursor.lookingAt("||") ? "or-list '||' is not allowed" : "pipe '|' is not allowed";
            case '&' -> ampersand(cursor);
            case '<', '>' -> "redirection '" + operatorRun(cursor) + "' is not allowed";
            case '(', ')' -> "subshell '" + c + "' is not allowed";
            case '`' -> BACKTICK;
            case '*', '?', '[' -> "glob '" + c + "' is not allowed (quote it)";
            case '{', '}' -> "brace expansion '" + c + "' is not allowed (quote it)";
            default -> c < ' ' || c == 0x7f ? String.format("control character U+%04X is not allowed", (int) c) : null;
        };
    }

    private static String ampersand(Cursor cursor) {
        if (cursor.lookingAt("&&")) {
            return "and-list '&&' is not allowed";
        }
        if (cursor.lookingAt("&>")) {
            return "redirection '" + operatorRun(cursor) + "' is not allowed";
        }
        return "background '&' is not allowed";
    }

    /** The whole operator, so that {@code 2>&1} is reported as {@code >&} and {@code <<} as itself. */
    private static String operatorRun(Cursor cursor) {
        int end = 0;
        while (cursor.has(end) && "<>&|".indexOf(cursor.peek(end)) >= 0) {
            end++;
        }
        return cursor.ahead(0, end);
    }
}
