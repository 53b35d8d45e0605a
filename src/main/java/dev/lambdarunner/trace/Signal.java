package dev.lambdarunner.trace;

import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;

/**
 * Something GitLab tells a running job once (cancel requested, job aborted). Each listener runs at most once:
 * on the raising thread, or at once on the registering thread if the signal was already raised. Once muted,
 * raising only records the fact; the job is being finished and reads the outcome from the finish result.
 */
final class Signal {

    private static final Logger LOG = Logger.getLogger(Signal.class);

    private final String name;
    private final long jobId;
    private final List<Runnable> listeners = new ArrayList<>();
    private boolean raised;
    private boolean muted;

    Signal(String name, long jobId) {
        this.name = name;
        this.jobId = jobId;
    }

    synchronized boolean raised() {
        return raised;
    }

    void listen(Runnable listener) {
        synchronized (this) {
            if (!raised) {
                listeners.add(listener);
                return;
            }
        }
        run(listener);
    }

    void raise() {
        List<Runnable> toRun;
        synchronized (this) {
            if (raised) {
                return;
            }
            raised = true;
            toRun = muted ? List.of() : List.copyOf(listeners);
            listeners.clear();
        }
        LOG.infof("Job %s... received job=%d", name, jobId);
        toRun.forEach(this::run);
    }

    synchronized void mute() {
        muted = true;
    }

    /** A failing listener must not stop the others or the patch loop. */
    private void run(Runnable listener) {
        try {
            listener.run();
        } catch (RuntimeException e) {
            LOG.errorf(e, "Running %s listener... failed job=%d", name, jobId);
        }
    }
}
