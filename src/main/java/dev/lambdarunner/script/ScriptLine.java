package dev.lambdarunner.script;

import java.util.List;
import java.util.Objects;

/**
 * One command of a job script, split into words but not expanded.
 *
 * @param source the command as written (line continuations joined, comment dropped), for the
 *               {@code $ ...} echo in the job log
 * @param words  the command name followed by its arguments
 */
public record ScriptLine(String source, List<Word> words) {

    public ScriptLine {
        Objects.requireNonNull(source, "source");
        words = List.copyOf(words);
    }
}
