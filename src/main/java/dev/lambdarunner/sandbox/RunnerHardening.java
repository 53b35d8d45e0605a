package dev.lambdarunner.sandbox;

import java.util.ArrayList;
import java.util.List;

/**
 * Applies {@link Hardening} to the runner's own process, once, from its entry point ({@link #atStart()}, before
 * Quarkus reads configuration or a secret). A process that did not start through it (a test JVM running the runner
 * embedded) is left alone: {@link #current()} then reports the runner as unhardened, and no sweep of adopted
 * processes runs, since such a process has children of its own that no job started.
 */
public final class RunnerHardening {

    private static final Hardening NOT_APPLIED = new Hardening(
            List.of("the process was not started through the runner's entry point"));

    private static Hardening applied;
    private static boolean subreaper;

    private RunnerHardening() {
    }

    /**
     * At process start: may re-execute the JVM in place with its attach mechanism off, and then never returns
     * (the new process calls this again and finds it off).
     */
    public static synchronized Hardening atStart() {
        if (applied == null) {
            applied = apply();
        }
        return applied;
    }

    /** The hardening in effect. */
    public static synchronized Hardening current() {
        return applied != null ? applied : NOT_APPLIED;
    }

    /** Whether orphaned descendants of jobs come to this process (so {@link Orphans} may sweep its children). */
    static synchronized boolean isSubreaper() {
        return subreaper;
    }

    private static Hardening apply() {
        ProcessControl os = ThisProcess.control();
        List<String> gaps = new ArrayList<>();
        os.closeAttach().ifPresent(gaps::add);
        if (!os.makeNonDumpable()) {
            gaps.add("prctl(PR_SET_DUMPABLE, 0) failed: processes of the runner's user can read its environment and memory");
        }
        subreaper = os.becomeSubreaper();
        if (!subreaper) {
            gaps.add("prctl(PR_SET_CHILD_SUBREAPER) failed: a job's detached processes cannot be found after it");
        }
        return new Hardening(gaps);
    }
}
