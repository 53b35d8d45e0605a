package dev.lambdarunner.cli;

import dev.lambdarunner.sensitive.Secret;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where commands read values that must never come from argv (visible to other users, kept in shell history):
 * the environment, and stdin one line per value. On an interactive terminal a value is read without echo.
 */
final class OperatorInput {

    private final Function<String, String> environment;
    private final BufferedReader stdin;
    private final Console console;

    OperatorInput(Function<String, String> environment, Reader stdin, Console console) {
        this.environment = environment;
        this.stdin = new BufferedReader(stdin);
        this.console = console;
    }

    /** The process's own environment and stdin. */
    static OperatorInput system() {
        return new OperatorInput(System::getenv, new InputStreamReader(System.in, StandardCharsets.UTF_8),
                System.console());
    }

    /** The environment variable {@code name}, when set and not empty. */
    Optional<String> env(String name) {
        return Optional.ofNullable(environment.apply(name)).filter(v -> !v.isEmpty());
    }

    /**
     * A token the operator gives in env {@code env} or, with the flag {@code stdinOption}, on stdin.
     *
     * @param what names the token in the prompt and in errors, e.g. {@code "runner token"}
     */
    record TokenSource(String what, String env, String stdinOption) {
    }

    /**
     * The token from stdin when {@code fromStdin}, else from its environment variable.
     *
     * @throws ParameterException when neither gives one, saying both ways to give it
     */
    Secret token(CommandSpec spec, TokenSource source, boolean fromStdin) {
        if (fromStdin) {
            return Secret.of(readLine(spec, source.what()));
        }
        return env(source.env()).map(Secret::of).orElseThrow(() -> new ParameterException(spec.commandLine(), "missing "
                + source.what() + ": set " + source.env() + " or pass " + source.stdinOption()
                + " and write it to stdin"));
    }

    /**
     * The next line of stdin, without its line break and surrounding blanks.
     *
     * @param what names the value in the prompt and in the error, e.g. {@code "runner token"}
     * @throws ParameterException when stdin ends or the line is empty
     */
    String readLine(CommandSpec spec, String what) {
        String line;
        if (console != null) {
            char[] typed = console.readPassword("%s: ", what);
            line = typed == null ? null : new String(typed);
        } else {
            try {
                line = stdin.readLine();
            } catch (IOException e) {
                throw new UncheckedIOException("reading the " + what + " from stdin: " + e.getMessage(), e);
            }
        }
        if (line == null || line.strip().isEmpty()) {
            throw new ParameterException(spec.commandLine(), "expected the " + what + " on stdin, got "
                    + (line == null ? "end of input" : "an empty line"));
        }
        return line.strip();
    }
}
