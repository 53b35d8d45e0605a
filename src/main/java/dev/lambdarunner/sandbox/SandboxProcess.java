package dev.lambdarunner.sandbox;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.jboss.logging.Logger;

/**
 * One running sandboxed process and everything it starts. Contract: once {@link #await()} returned, nothing the
 * process started is still running and all of its output is in the sink.
 */
public final class SandboxProcess implements RunningProcess {

    private static final Logger LOG = Logger.getLogger(SandboxProcess.class);
    // Short enough to see a local-exec child before Terraform's exit orphans it; /proc scans are cheap.
    private static final long SNAPSHOT_NANOS = Duration.ofMillis(100).toNanos();
    private static final Duration DRAIN_BEFORE_PIPE_SCAN = Duration.ofMillis(200);
    private static final Duration DRAIN_LIMIT = Duration.ofSeconds(2);

    private final Process process;
    private final SandboxSpec spec;
    private final ProcessTree tree;
    private final OutputPump pump;
    private final Optional<OutputPipe> pipe;
    private final long startNanos;
    private final AtomicReference<StopReason> stopReason = new AtomicReference<>();
    private final CountDownLatch stopDone = new CountDownLatch(1);
    private SandboxResult result;

    SandboxProcess(Process process, SandboxSpec spec, long startNanos) {
        this.process = process;
        this.spec = spec;
        this.startNanos = startNanos;
        this.tree = new ProcessTree(process.toHandle());
        this.pipe = OutputPipe.of(process.pid());
        this.pump = OutputPump.start(process.getInputStream(), spec.output(), "sandbox-output-" + process.pid());
        tree.snapshot();
    }

    /**
     * Waits until the process ends, its timeout passes (then it is stopped with TIMEOUT), or stop() is called;
     * returns after the output reader has drained. Further calls return the same result. If the waiting thread is
     * interrupted, the process keeps running: call {@link #stop} to end it.
     */
    @Override
    public synchronized SandboxResult await() throws InterruptedException {
        if (result == null) {
            result = runToEnd();
        }
        return result;
    }

    /**
     * Graceful stop from another thread (cancel, shutdown): SIGTERM to the main process only (Terraform then stops
     * gracefully and releases its state lock), wait killGrace, then kill the whole remaining tree forcibly, deepest
     * children first. Returns when the tree is gone. Idempotent; the first reason wins; a no-op once the process
     * has ended on its own.
     */
    @Override
    public void stop(StopReason reason) {
        Objects.requireNonNull(reason, "reason");
        if (!process.isAlive()) {
            return;
        }
        if (!stopReason.compareAndSet(null, reason)) {
            awaitStopDone();
            return;
        }
        try {
            LOG.infof("Stopping sandboxed process... pid=%d reason=%s", pid(), reason);
            tree.snapshot();
            // Through the handle: Process.destroy() also closes our end of the output pipe, which would lose
            // Terraform's shutdown messages and could kill it by SIGPIPE before it releases its state lock.
            process.toHandle().destroy();
            // What already detached gets the same grace, not a second one after Terraform's.
            Orphans.instance().terminate();
            awaitExitWithin(spec.killGrace());
            tree.killAll();
        } finally {
            stopDone.countDown();
        }
    }

    /** The operating-system id of the main process. */
    @Override
    public long pid() {
        return process.pid();
    }

    private SandboxResult runToEnd() throws InterruptedException {
        long deadline = startNanos + spec.timeout().toNanos();
        while (!process.waitFor(nextWait(deadline), TimeUnit.NANOSECONDS)) {
            tree.snapshot();
            if (System.nanoTime() - deadline >= 0) {
                stop(StopReason.TIMEOUT);
            }
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
        if (stopReason.get() != null) {
            stopDone.await();
        }
        killLeftovers();
        return new SandboxResult(process.exitValue(), Optional.ofNullable(stopReason.get()), elapsed);
    }

    /**
     * Whatever outlived the main process: remembered descendants, anything still holding the output pipe, then
     * whatever detached from the tree and came to the runner as its subreaper.
     */
    private void killLeftovers() throws InterruptedException {
        Orphans.instance().ended(pid());
        tree.killAll();
        if (!pump.awaitDrained(DRAIN_BEFORE_PIPE_SCAN)) {
            pipe.ifPresent(found -> tree.adopt(found.holders()));
            tree.killAll();
        }
        Orphans.instance().sweep(stopReason.get() == null ? spec.killGrace() : Duration.ZERO);
        if (!pump.awaitDrained(DRAIN_LIMIT)) {
            LOG.warnf("Draining sandboxed output... still open pid=%d", pid());
        }
    }

    // Keeps snapshotting during the grace: children Terraform starts while shutting down must be known too.
    private void awaitExitWithin(Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        try {
            while (System.nanoTime() - deadline < 0 && !process.waitFor(nextWait(deadline), TimeUnit.NANOSECONDS)) {
                tree.snapshot();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // Past the deadline a full slice again: a process that survived its kill must not turn the loop into a spin.
    private static long nextWait(long deadline) {
        long remaining = deadline - System.nanoTime();
        return remaining > 0 ? Math.min(SNAPSHOT_NANOS, remaining) : SNAPSHOT_NANOS;
    }

    private void awaitStopDone() {
        try {
            stopDone.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
