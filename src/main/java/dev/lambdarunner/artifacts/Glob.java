package dev.lambdarunner.artifacts;

import java.util.regex.Pattern;

/**
 * An {@code artifacts:paths}/{@code exclude} pattern, matched against slash-separated paths relative to the project
 * directory the way gitlab-runner's doublestar globs match: {@code *} and {@code ?} stay within one path segment,
 * {@code **} as a whole segment spans any number of directories (also none), {@code [abc]}/{@code [!a-c]} are
 * character classes, {@code {a,b}} are alternatives, and a backslash escapes the next character.
 */
final class Glob {

    private final String source;
    private final Pattern regex;

    private Glob(String source, Pattern regex) {
        this.source = source;
        this.regex = regex;
    }

    /** @throws IllegalArgumentException naming the pattern when a class or brace is not closed */
    static Glob compile(String glob) {
        return new Glob(glob, Pattern.compile(toRegex(glob), Pattern.DOTALL));
    }

    /** Whether {@code text} has any glob syntax; without it a pattern names exactly one path. */
    static boolean hasMeta(String text) {
        return text.chars().anyMatch(c -> "*?[{\\".indexOf(c) >= 0);
    }

    boolean matches(String relativePath) {
        return regex.matcher(relativePath).matches();
    }

    @Override
    public String toString() {
        return source;
    }

    private static String toRegex(String glob) {
        StringBuilder re = new StringBuilder();
        int braces = 0;
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> i = star(glob, i, re);
                case '?' -> re.append("[^/]");
                case '[' -> i = characterClass(glob, i, re);
                case '{' -> {
                    braces++;
                    re.append("(?:");
                }
                case '}' -> {
                    if (braces == 0) {
                        re.append("\\}");
                    } else {
                        braces--;
                        re.append(')');
                    }
                }
                case ',' -> re.append(braces > 0 ? "|" : ",");
                case '\\' -> {
                    if (i + 1 < glob.length()) {
                        re.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
                    } else {
                        re.append("\\\\");
                    }
                }
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        if (braces > 0) {
            throw new IllegalArgumentException("artifact pattern '" + glob + "': unclosed '{'");
        }
        return re.toString();
    }

    /** {@code **} as a whole segment spans directories; any other run of stars stays in one segment. */
    private static int star(String glob, int i, StringBuilder re) {
        int end = i;
        while (end + 1 < glob.length() && glob.charAt(end + 1) == '*') {
            end++;
        }
        boolean doubled = end > i;
        boolean segmentStart = i == 0 || glob.charAt(i - 1) == '/';
        boolean segmentEnd = end + 1 == glob.length() || glob.charAt(end + 1) == '/';
        if (doubled && segmentStart && segmentEnd) {
            if (end + 1 < glob.length()) {
                re.append("(?:[^/]*(?:/[^/]*)*/)?"); // "**/": zero or more directories
                return end + 1;
            }
            re.append(".*");
            return end;
        }
        re.append("[^/]*");
        return end;
    }

    private static int characterClass(String glob, int i, StringBuilder re) {
        int close = glob.indexOf(']', i + 2);
        if (close < 0) {
            throw new IllegalArgumentException("artifact pattern '" + glob + "': unclosed '['");
        }
        String body = glob.substring(i + 1, close);
        boolean negated = body.startsWith("!") || body.startsWith("^");
        if (negated) {
            body = body.substring(1);
        }
        re.append('[').append(negated ? "^/" : "");
        for (char c : body.toCharArray()) {
            if ("[]\\^&".indexOf(c) >= 0) {
                re.append('\\');
            }
            re.append(c);
        }
        re.append(']');
        return close;
    }
}
