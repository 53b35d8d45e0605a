package dev.lambdarunner.trace;

import dev.lambdarunner.gitlab.UpdateResult;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;

/**
 * The background loop of a running job: every interval it sends the next chunk of the trace, and a keep-alive
 * when nothing was sent for a while. It stops when GitLab aborts the job or forgets it, or when asked to.
 */
final class PatchLoop implements Runnable {

    private static final Logger LOG = Logger.getLogger(PatchLoop.class);

    private final TraceUploader uploader;
    private final TraceSettings settings;
    private final Clock clock;
    private final long jobId;
    /**
     * Starts at, and never exceeds, {@code settings.patchInterval}. GitLab's own default (60 s, 3 s while
     * someone watches) would leave a short Terraform job's log blank in the merge request for most of its
     * run, so a longer server interval is ignored and only a shorter one is adopted.
     */
    private Duration interval;
    private long lastContactMillis;
    private Thread thread;
    private boolean stopRequested;
    private boolean sleeping;

    PatchLoop(TraceUploader uploader, TraceSettings settings, Clock clock, long jobId) {
        this.uploader = uploader;
        this.settings = settings;
        this.clock = clock;
        this.jobId = jobId;
        this.interval = settings.patchInterval();
        this.lastContactMillis = clock.millis();
    }

    synchronized void start() {
        if (thread != null || stopRequested) {
            return;
        }
        thread = new Thread(this, "trace-" + jobId);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Stops the loop and waits for it. A sleeping loop is woken; a request in flight is left to finish, so
     * that GitLab's answer is not lost and the final update continues from the right offset.
     */
    void stop() {
        Thread running;
        synchronized (this) {
            stopRequested = true;
            running = thread;
            if (sleeping) {
                running.interrupt();
            }
        }
        if (running == null || running == Thread.currentThread()) {
            return;
        }
        try {
            running.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void run() {
        try {
            while (pause()) {
                if (!tick()) {
                    return;
                }
            }
        } catch (Error e) {
            LOG.errorf(e, "Patching trace... loop died job=%d", jobId);
            throw e;
        }
    }

    /** One round of the loop; false when patching must stop. Package-private so tests can drive rounds. */
    boolean tick() {
        try {
            TraceUploader.Step step = uploader.patchNext();
            if (step == TraceUploader.Step.ABORTED || step == TraceUploader.Step.GONE) {
                LOG.infof("Patching trace... stopped job=%d reason=%s", jobId, step);
                return false;
            }
            if (step == TraceUploader.Step.SENT) {
                lastContactMillis = clock.millis();
                uploader.serverInterval().filter(this::shorterThanOurs)
                        .ifPresentOrElse(d -> interval = d, () -> interval = settings.patchInterval());
            }
            return keepAliveIfIdle();
        } catch (RuntimeException e) {
            // GitLabApiException after the client's retries, or a bug: either way try again next round
            LOG.warnf("Patching trace... failed job=%d: %s", jobId, e.toString());
            return true;
        }
    }

    /**
     * Attempts, failed or not, restart the idle clock: a failing GitLab is asked again after another
     * keep-alive interval rather than every round.
     */
    private boolean keepAliveIfIdle() {
        long now = clock.millis();
        if (now - lastContactMillis < settings.keepAliveInterval().toMillis()) {
            return true;
        }
        lastContactMillis = now;
        UpdateResult result = uploader.keepAlive();
        if (result.state() == UpdateResult.State.ABORT || result.jobStatus().aborted()) {
            LOG.infof("Sending keep-alive... job aborted job=%d", jobId);
            return false;
        }
        return true;
    }

    private boolean shorterThanOurs(Duration serverInterval) {
        return !serverInterval.isNegative() && !serverInterval.isZero()
                && serverInterval.compareTo(settings.patchInterval()) < 0;
    }

    Duration interval() {
        return interval;
    }

    private boolean pause() {
        synchronized (this) {
            if (stopRequested) {
                return false;
            }
            sleeping = true;
        }
        try {
            settings.sleeper().sleep(interval);
        } catch (InterruptedException e) {
            // stop() woke us; the flag below says so
        }
        synchronized (this) {
            sleeping = false;
            Thread.interrupted();
            return !stopRequested;
        }
    }
}
