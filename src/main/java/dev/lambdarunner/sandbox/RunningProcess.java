package dev.lambdarunner.sandbox;

/**
 * A started job process as the job engine sees it: wait for its end, or stop it from another thread. Implemented by
 * {@link SandboxProcess}; an interface so that the engine can be tested without starting processes.
 */
public interface RunningProcess {

    /**
     * Waits until the process and everything it started has ended (on its own, by its timeout, or by
     * {@link #stop}); further calls return the same result.
     */
    SandboxResult await() throws InterruptedException;

    /** Graceful stop, then forced; returns once nothing of the process is left. Idempotent; the first reason wins. */
    void stop(StopReason reason);

    /** The operating-system id of the main process, for log lines and thread names. */
    long pid();
}
