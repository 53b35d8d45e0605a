package dev.lambdarunner.sandbox;

import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;

/**
 * Starts one process per {@link SandboxSpec}: an argv list and never a shell, only the given environment, stdin
 * from {@code /dev/null} so nothing can prompt, stdout and stderr merged in order.
 */
public final class ProcessSandbox {

    private static final Redirect NO_INPUT = Redirect.from(new File("/dev/null"));

    /** A sandbox with no state of its own; one instance can start any number of processes. */
    public ProcessSandbox() {
    }

    /**
     * Starts the process. stdout and stderr are merged (in order) and copied to spec.output() by a reader thread.
     *
     * @throws IOException {@code starting '<argv[0]>' in <dir>: <cause>} when the process cannot be started
     */
    public SandboxProcess start(SandboxSpec spec) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(spec.argv())
                .directory(spec.workingDir().toFile())
                .redirectErrorStream(true)
                .redirectInput(NO_INPUT);
        builder.environment().clear();
        builder.environment().putAll(spec.environment());
        long startNanos = System.nanoTime();
        try {
            return new SandboxProcess(Orphans.instance().start(builder::start), spec, startNanos);
        } catch (IOException e) {
            // The JDK's own message repeats program and directory; its cause holds just the OS error.
            String cause = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
            throw new IOException("starting '%s' in %s: %s".formatted(spec.argv().get(0), spec.workingDir(), cause),
                    e);
        }
    }
}
