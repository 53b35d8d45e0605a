package dev.lambdarunner.sandbox;

import java.util.Optional;

/**
 * What the runner does to its own operating-system process to keep a job's code out of it. One implementation per
 * build: {@link JnaProcessControl} in the JVM, {@code NativeProcessControl} (GraalVM's C interface) in the native
 * executable, chosen by {@link ThisProcess}. Linux only; elsewhere every call reports failure.
 */
interface ProcessControl {

    /**
     * {@code prctl(PR_SET_DUMPABLE, 0)}: no process of the same user may read this process's
     * {@code /proc/<pid>/environ}, {@code mem} or {@code maps}, nor ptrace it. Returns whether it took effect.
     */
    boolean makeNonDumpable();

    /**
     * {@code prctl(PR_SET_CHILD_SUBREAPER, 1)}: an orphaned descendant (setsid, double fork, nohup) becomes this
     * process's child instead of init's, so it can be found, killed and reaped. Returns whether it took effect.
     */
    boolean becomeSubreaper();

    /**
     * {@code waitpid(pid, NULL, WNOHANG)}: reaps a child that has ended. Only for children no {@link Process} waits
     * for: reaping one of those would lose its exit code. Returns whether a child was reaped.
     */
    boolean reap(long pid);

    /**
     * Turns the HotSpot attach mechanism off ({@code .attach_pid<pid>} + SIGQUIT would otherwise let a process of the
     * same user load an agent into the runner). In the JVM the flag cannot change at run time, so when it is off
     * this re-executes the process in place (same pid, same environment, same arguments) with
     * {@code -XX:+DisableAttachMechanism}, and does not return. Returns what stays open, if anything.
     */
    Optional<String> closeAttach();
}
