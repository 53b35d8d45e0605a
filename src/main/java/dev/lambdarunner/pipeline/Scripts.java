package dev.lambdarunner.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * GitLab's string-or-array keywords ({@code script}, {@code before_script}, {@code after_script}, {@code tags}): one
 * string, or an array whose nested arrays (from {@code !reference} or anchors) GitLab flattens, up to 10 levels.
 */
final class Scripts {

    private static final int MAX_NESTING = 10;

    private Scripts() {
    }

    static List<String> lines(Object value, String keyword) {
        List<String> lines = new ArrayList<>();
        flatten(value, keyword, 0, lines);
        return lines;
    }

    private static void flatten(Object value, String keyword, int depth, List<String> lines) {
        if (value == null) {
            return;
        }
        if (value instanceof List<?> list) {
            if (depth > MAX_NESTING) {
                throw new JobProblem(JobProblem.Kind.INVALID, keyword + " nests arrays deeper than " + MAX_NESTING + " levels");
            }
            list.forEach(item -> flatten(item, keyword, depth + 1, lines));
            return;
        }
        if (value instanceof Map<?, ?> map) {
            throw new JobProblem(JobProblem.Kind.INVALID, keyword + " holds a mapping " + map
                    + ": YAML reads an unquoted 'key: value' as one; quote the line");
        }
        lines.add(String.valueOf(value));
    }
}
