package dev.lambdarunner.job;

import java.util.function.Function;

/**
 * Expands {@code $NAME} and {@code ${NAME}} in a variable value, once, like Go's {@code os.Expand} as
 * gitlab-runner uses it: unknown names become empty, {@code $$} becomes {@code $}, and a {@code $} that
 * starts no name stays as it is. Expanded text is never expanded again.
 */
public final class VariableExpander {

    private VariableExpander() {
    }

    public static String expand(String value, Function<String, String> lookup) {
        StringBuilder out = new StringBuilder(value.length());
        int i = 0;
        while (i < value.length()) {
            char c = value.charAt(i);
            if (c != '$' || i + 1 >= value.length()) {
                out.append(c);
                i++;
                continue;
            }
            i = expandReference(value, i + 1, lookup, out);
        }
        return out.toString();
    }

    /** Expands the reference starting after a {@code $} at {@code start}; returns the index after it. */
    private static int expandReference(String value, int start, Function<String, String> lookup, StringBuilder out) {
        char next = value.charAt(start);
        if (next == '$') {
            out.append('$');
            return start + 1;
        }
        if (next == '{') {
            int close = value.indexOf('}', start);
            String name = close < 0 ? "" : value.substring(start + 1, close);
            if (!isName(name)) {
                out.append('$');
                return start;
            }
            out.append(orEmpty(lookup.apply(name)));
            return close + 1;
        }
        int end = start;
        while (end < value.length() && isNameChar(value.charAt(end), end == start)) {
            end++;
        }
        if (end == start) {
            out.append('$');
            return start;
        }
        out.append(orEmpty(lookup.apply(value.substring(start, end))));
        return end;
    }

    private static boolean isName(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isNameChar(s.charAt(i), i == 0)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isNameChar(char c, boolean first) {
        return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (!first && c >= '0' && c <= '9');
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
