package dev.lambdarunner.sandbox;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

/**
 * The processes the runner adopted as child subreaper: children of the runner that {@link ProcessSandbox} did not
 * start, i.e. descendants of a job that detached (setsid, double fork, nohup) and whose parents ended. They are
 * swept (signalled, given the grace, killed, reaped) whenever a sandboxed process ends and when a job's workspace
 * closes, so nothing of a job outlives it. With one job at a time every adopted process is the running job's; with
 * concurrent jobs (an explicit opt-in) one job's end also ends what another job detached.
 * <p>
 * The runner starts child processes only through {@link ProcessSandbox}; a process started any other way while a
 * sweep runs would be taken for an orphan.
 */
final class Orphans {

    private static final Logger LOG = Logger.getLogger(Orphans.class);
    private static final Orphans INSTANCE = new Orphans();
    private static final Duration POLL = Duration.ofMillis(10);
    private static final int KILL_ROUNDS = 200;

    private final Set<Long> started = ConcurrentHashMap.newKeySet();
    private final Object lock = new Object();

    static Orphans instance() {
        return INSTANCE;
    }

    /** Starts a child the sweep must leave alone (a {@link Process} waits for it) until {@link #ended}. */
    Process start(Callable<Process> starter) throws IOException {
        synchronized (lock) {
            try {
                Process process = starter.call();
                started.add(process.pid());
                return process;
            } catch (IOException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException(e);
            }
        }
    }

    /** The sandboxed process ended and its {@link Process} reaped it. */
    void ended(long pid) {
        started.remove(pid);
    }

    /**
     * SIGTERM to every adopted process and its descendants, up to {@code grace} for them to end, then SIGKILL in
     * rounds until none is left (a process forking faster than one round is caught in the next: its children come
     * to the runner when it dies), reaping each. Returns how many adopted processes were found.
     */
    int sweep(Duration grace) {
        if (!RunnerHardening.isSubreaper()) {
            return 0;
        }
        List<ProcessHandle> found = adopted();
        if (found.isEmpty()) {
            return 0;
        }
        LOG.infof("Stopping detached job processes... count=%d", found.size());
        found.stream().flatMap(Orphans::withDescendants).forEach(ProcessHandle::destroy);
        awaitGone(grace);
        List<ProcessHandle> left = adopted();
        for (int round = 0; round < KILL_ROUNDS && !left.isEmpty(); round++) {
            left.stream().flatMap(Orphans::withDescendants).forEach(ProcessHandle::destroyForcibly);
            pause();
            left = adopted();
        }
        if (!left.isEmpty()) {
            LOG.warnf("Stopping detached job processes... still running count=%d", left.size());
        }
        return found.size();
    }

    /** SIGTERM to every adopted process and its descendants, without waiting (a graceful stop starts). */
    void terminate() {
        if (RunnerHardening.isSubreaper()) {
            adopted().stream().flatMap(Orphans::withDescendants).forEach(ProcessHandle::destroy);
        }
    }

    /** Live adopted children; zombies among them are reaped on the way. */
    private List<ProcessHandle> adopted() {
        List<ProcessHandle> children;
        synchronized (lock) {
            children = ProcessHandle.current().children().filter(child -> !started.contains(child.pid())).toList();
        }
        ProcessControl os = ThisProcess.control();
        return children.stream().filter(child -> !(ProcessTree.isZombie(child.pid()) && os.reap(child.pid()))).toList();
    }

    private void awaitGone(Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        while (System.nanoTime() - deadline < 0 && !adopted().isEmpty()) {
            pause();
        }
    }

    private static Stream<ProcessHandle> withDescendants(ProcessHandle process) {
        return Stream.concat(process.descendants().toList().stream(), Stream.of(process));
    }

    private static void pause() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
