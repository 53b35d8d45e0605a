package dev.lambdarunner.cli;

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
 * exit 0; {@link #close()} puts the previous handlers back.
 */
final class StopSignal implements AutoCloseable {

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

    /** Waits up to {@code wait}; true if the stop was raised meanwhile (or before). */
    boolean await(Duration wait) {
        if (wait.isNegative() || wait.isZero()) {
            return raised();
        }
        try {
            stopped.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        } catch (ExecutionException e) {
            return true;
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
