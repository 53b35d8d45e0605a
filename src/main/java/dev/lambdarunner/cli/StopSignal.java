package dev.lambdarunner.cli;

import dev.lambdarunner.gitlab.Sleeper;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A request to stop, from Ctrl-C (SIGINT) or SIGTERM while installed, or from code. Installed, it replaces the JVM's
 * default reaction to both signals (exit 130/143 through the shutdown hooks) so that a command can end cleanly with
 * exit 0; {@link #close()} puts the previous handlers back. As a {@link Sleeper} it sleeps until the time is up or
 * the stop is raised, whichever comes first.
 */
final class StopSignal implements AutoCloseable, Sleeper {

    private static final String[] SIGNALS = {"INT", "TERM"};

    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private final SignalHandler[] previous = new SignalHandler[SIGNALS.length];
    private boolean installed;

    /** A stop signal that only code can raise. */
    static StopSignal manual() {
        return new StopSignal();
    }

    /** A stop signal raised by SIGINT and SIGTERM until closed. */
    static StopSignal onInterrupt() {
        StopSignal stop = new StopSignal();
        for (int i = 0; i < SIGNALS.length; i++) {
            stop.previous[i] = Signal.handle(new Signal(SIGNALS[i]), signal -> stop.raise());
        }
        stop.installed = true;
        return stop;
    }

    void raise() {
        stopped.complete(null);
    }

    boolean raised() {
        return stopped.isDone();
    }

    /** Completes when the stop is raised. */
    CompletableFuture<Void> future() {
        return stopped;
    }

    /** Waits up to {@code wait}, returning early when the stop is raised (see {@link #raised()}). */
    @Override
    public void sleep(Duration wait) throws InterruptedException {
        if (wait.isNegative() || wait.isZero()) {
            return;
        }
        try {
            stopped.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // the time is up (a stop never completes exceptionally)
        }
    }

    @Override
    public void close() {
        if (installed) {
            for (int i = 0; i < SIGNALS.length; i++) {
                Signal.handle(new Signal(SIGNALS[i]), previous[i]);
            }
            installed = false;
        }
    }
}
