package dev.lambdarunner.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;

/**
 * Every process a sandboxed process started, remembered across snapshots. Remembering matters: when Terraform ends
 * after SIGTERM, its {@code local-exec} children are reparented to init and vanish from
 * {@link ProcessHandle#descendants()}, yet they must still be killed.
 */
final class ProcessTree {

    private static final Logger LOG = Logger.getLogger(ProcessTree.class);
    private static final Duration DEATH_WAIT = Duration.ofSeconds(2);
    private static final Duration DEATH_POLL = Duration.ofMillis(10);

    private final ProcessHandle root;
    private final Map<Long, Member> known = new ConcurrentHashMap<>();

    /**
     * A remembered process. The start instant tells it apart from a later process that got the same pid.
     *
     * @param depth 1 for a child of the root, 2 for a grandchild, and so on
     */
    record Member(ProcessHandle handle, Instant started, int depth) {
        boolean stillRunning() {
            return handle.isAlive() && handle.info().startInstant().map(started::equals).orElse(false)
                    && !isZombie(handle.pid());
        }
    }

    ProcessTree(ProcessHandle root) {
        this.root = root;
    }

    /** Remembers the root's current descendants. Call often while the root runs. */
    void snapshot() {
        Map<Long, ProcessHandle> current = root.descendants()
                .collect(Collectors.toMap(ProcessHandle::pid, Function.identity(), (first, second) -> first));
        current.values().forEach(handle -> remember(handle, depthOf(handle, current)));
    }

    /** Remembers processes found some other way, with their descendants, as deeper than anything known. */
    void adopt(Collection<ProcessHandle> strays) {
        int depth = known.values().stream().mapToInt(Member::depth).max().orElse(0) + 1;
        for (ProcessHandle stray : strays) {
            stray.descendants().forEach(child -> remember(child, depth + 1));
            remember(stray, depth);
        }
    }

    /**
     * Forcibly kills every remembered process that still runs, deepest first, then the root if it still runs, and
     * waits (bounded) until they are gone.
     */
    void killAll() {
        if (root.isAlive()) {
            snapshot();
        }
        List<Member> victims = known.values().stream()
                .filter(Member::stillRunning)
                .sorted(Comparator.comparingInt(Member::depth).reversed())
                .toList();
        victims.forEach(victim -> victim.handle().destroyForcibly());
        root.destroyForcibly();
        awaitGone(victims);
    }

    private void remember(ProcessHandle handle, int depth) {
        Optional<Instant> started = handle.info().startInstant();
        started.ifPresent(instant -> known.compute(handle.pid(), (pid, old) ->
                old != null && old.started().equals(instant) ? old : new Member(handle, instant, depth)));
    }

    private int depthOf(ProcessHandle handle, Map<Long, ProcessHandle> tree) {
        int depth = 1;
        Optional<ProcessHandle> parent = handle.parent();
        while (parent.isPresent() && parent.get().pid() != root.pid() && tree.containsKey(parent.get().pid())
                && depth < tree.size()) {
            depth++;
            parent = parent.get().parent();
        }
        return depth;
    }

    // A killed orphan stays a zombie until init reaps it, which some inits do late or never. isAlive() counts
    // zombies as alive, but they run nothing and hold no files: waiting for them would only waste the job's time.
    static boolean isZombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state == 'Z' || state == 'X';
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private void awaitGone(List<Member> victims) {
        long deadline = System.nanoTime() + DEATH_WAIT.toNanos();
        try {
            while (root.isAlive() || victims.stream().anyMatch(Member::stillRunning)) {
                if (System.nanoTime() - deadline >= 0) {
                    LOG.warnf("Killing process tree... some processes still run root=%d", root.pid());
                    return;
                }
                Thread.sleep(DEATH_POLL.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
