package dev.lambdarunner.script;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Turns a step's {@code script} entries into commands without ever handing them to a shell.
 *
 * <p>The accepted language is a conservative subset of POSIX sh word syntax:
 * <ul>
 *   <li>words split on unquoted blanks (space, tab); adjacent quoted and unquoted parts join into
 *       one word; {@code ""} and {@code ''} are empty words;</li>
 *   <li>{@code '...'} is literal; {@code "..."} expands {@code $NAME}/{@code ${NAME}} and a backslash
 *       escapes only {@code " \ $ `} (other backslashes stay, as in sh); an unquoted backslash
 *       escapes the next character; backslash-newline outside single quotes is removed;</li>
 *   <li>an entry may hold several commands, one per unquoted newline (YAML {@code |} blocks); a
 *       newline inside quotes belongs to the word; an unquoted {@code #} starting a word begins a
 *       comment; blank and comment-only lines are skipped;</li>
 *   <li>a {@code $} that starts neither a name, {@code {}, {@code (}, a special parameter nor bash's
 *       {@code $'...'}/{@code $"..."} quoting is an ordinary character, as in sh ({@code $} at the
 *       end of a word, {@code "$"}, {@code a$/b}).</li>
 * </ul>
 * Everything else a shell would interpret is refused with a {@link ScriptRejectedException} naming
 * the construct: pipes, lists, {@code ;}, {@code &}, redirections, subshells, backticks (outside
 * single quotes), {@code $(...)}, {@code $((...))}, {@code ${...}} with operators, special parameters,
 * unquoted globs ({@code * ? [}), braces, a tilde that a shell would expand, unterminated quotes, a
 * trailing backslash, NUL and unquoted control characters. The command name must be literal.
 *
 * <p>Deliberate difference from sh: variables are expanded later, once, into the word they appear
 * in. An unquoted {@code $VAR} is still exactly one argument; its value is never split on blanks,
 * globbed or parsed again, so a value holding blanks, quotes or {@code $(...)} cannot change the
 * command (splitting a secret into several arguments is a footgun, not a feature). For the same
 * reason an unquoted {@code $VAR} that is unset or empty is an empty argument, where sh would drop it.
 */
public final class ScriptParser {

    private ScriptParser() {
    }

    /**
     * Parses every entry of a step's script list, in order.
     *
     * @param entries the step's {@code script} entries; {@code null} entries are skipped
     * @return the commands, one per non-blank, non-comment line
     * @throws ScriptRejectedException on the first refused construct
     */
    public static List<ScriptLine> parse(List<String> entries) {
        Objects.requireNonNull(entries, "entries");
        List<ScriptLine> lines = new ArrayList<>();
        for (String entry : entries) {
            if (entry != null) {
                lines.addAll(new EntryScanner(entry).scan());
            }
        }
        return List.copyOf(lines);
    }
}
