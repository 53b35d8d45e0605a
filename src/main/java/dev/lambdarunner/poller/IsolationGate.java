package dev.lambdarunner.poller;

import dev.lambdarunner.sandbox.Hardening;

import java.util.Optional;

/**
 * Whether the runner may run jobs at all, given how far they would be kept apart from it and from each other (issue
 * 9, trust model in the README's Security model). Each refusal says what would be exposed and the setting that
 * accepts it.
 */
public final class IsolationGate {

    static final String CONCURRENT_OPT_IN = "RUNNER_ALLOW_CONCURRENT_JOBS_TO_READ_EACH_OTHER";
    static final String UNHARDENED_OPT_IN = "RUNNER_SANDBOX_ALLOW_UNHARDENED_RUNNER";

    private IsolationGate() {
    }

    /** Jobs run at once share the runner's Unix user: refused above 1 unless the operator opted in. */
    public static Optional<String> concurrencyRefusal(int concurrent, boolean optedIn) {
        if (concurrent <= 1 || optedIn) {
            return Optional.empty();
        }
        return Optional.of(("refusing --concurrent %d (runner.concurrent): jobs that run at once share one Unix user, "
                + "so each job's code could read the others' /proc/<pid>/environ (masked variables, job tokens, "
                + "credentials) and write into their workspaces; run one job at a time, or set %s=true "
                + "(runner.allow-concurrent-jobs-to-read-each-other) if all of this runner's jobs trust each other")
                .formatted(concurrent, CONCURRENT_OPT_IN));
    }

    /** A runner whose own process is not hardened is refused unless the operator opted in. */
    public static Optional<String> hardeningRefusal(Hardening hardening, boolean optedIn) {
        if (hardening.complete() || optedIn) {
            return Optional.empty();
        }
        return Optional.of("refusing to run jobs: " + hardening.describe() + "; set " + UNHARDENED_OPT_IN
                + "=true (runner.sandbox.allow-unhardened-runner) to run them anyway");
    }
}
