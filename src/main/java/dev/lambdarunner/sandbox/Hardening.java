package dev.lambdarunner.sandbox;

import java.util.List;

/**
 * How far the runner's process keeps a job's code out (issue 9): non-dumpable (no {@code /proc/<pid>/environ},
 * {@code mem}, {@code maps} or ptrace for processes of the same user), child subreaper (detached descendants of a
 * job come back to the runner to be killed), JVM attach mechanism off. {@code gaps} says, in words, what is missing.
 */
public record Hardening(List<String> gaps) {

    public Hardening {
        gaps = List.copyOf(gaps);
    }

    /** Whether every measure took effect. */
    public boolean complete() {
        return gaps.isEmpty();
    }

    /**
     * What an operator reads when jobs are refused or run anyway: the gaps, and what a job's code can do through
     * them.
     */
    public String describe() {
        return "the runner could not harden its process (" + String.join("; ", gaps) + "), so a job's code could read "
                + "the runner token and the runner's own credentials, or leave processes running after its job";
    }
}
