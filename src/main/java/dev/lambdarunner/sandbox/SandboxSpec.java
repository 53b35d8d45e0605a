package dev.lambdarunner.sandbox;

import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * What to run: argv (never a shell), the directory, the complete environment (nothing inherited), limits, where
 * output goes.
 *
 * <p>A bare {@code argv[0]} (no slash) is looked up on the <em>runner's</em> PATH by the JDK, not on the PATH in
 * {@code environment}; pass an absolute path to be independent of that.
 *
 * @param argv        the program and its arguments, passed to the OS as they are
 * @param workingDir  the directory the process starts in
 * @param environment the process's whole environment
 * @param timeout     how long the process may run, counted from start
 * @param killGrace   how long a stopped process may take to end after SIGTERM before its tree is killed
 * @param output      receives stdout and stderr merged, in order; written by one reader thread
 */
public record SandboxSpec(List<String> argv, Path workingDir, Map<String, String> environment, Duration timeout,
        Duration killGrace, OutputStream output) {

    public SandboxSpec {
        argv = List.copyOf(argv);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("sandbox argv is empty");
        }
        Objects.requireNonNull(workingDir, "workingDir");
        environment = Map.copyOf(environment);
        environment.forEach(SandboxSpec::checkVariable);
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("sandbox timeout must be positive: " + timeout);
        }
        if (killGrace.isNegative()) {
            throw new IllegalArgumentException("sandbox kill grace must not be negative: " + killGrace);
        }
        Objects.requireNonNull(output, "output");
    }

    // The OS cannot represent these; checking here gives a message that names the variable but never its value.
    private static void checkVariable(String name, String value) {
        if (name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0 || value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("sandbox environment variable '%s' is not representable"
                    .formatted(name.replace('\0', '?')));
        }
    }

    /** Names the program, directory and variable names only: arguments and values may hold credentials. */
    @Override
    public String toString() {
        return "SandboxSpec[program=%s, args=%d, workingDir=%s, environment=%s, timeout=%s, killGrace=%s]"
                .formatted(argv.get(0), argv.size() - 1, workingDir, new TreeSet<>(environment.keySet()), timeout,
                        killGrace);
    }
}
