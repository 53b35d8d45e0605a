package dev.lambdarunner.testsupport;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Runners, jobs and the pending queue. Enqueueing, ticking queue values and assigning happen under this
 * object's monitor, so two polls never get the same job and a 204's queue value is never newer than the
 * queue it describes. Lock order: this queue, then a job; never the other way round.
 */
final class JobQueue {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, FakeRunner> runners = new ConcurrentHashMap<>();
    private final Map<Long, FakeJob> jobs = new ConcurrentHashMap<>();
    private final Map<String, FakeJob> jobsByToken = new ConcurrentHashMap<>();
    private final AtomicLong runnerIds = new AtomicLong(10);
    private final Deque<FakeJob> pending = new ArrayDeque<>();
    private boolean closed;

    /** What {@code jobs/request} got: a job, or none and the queue value at the moment of looking. */
    record Assignment(FakeJob job, String queueValue) {
    }

    FakeRunner addRunner(String token) {
        FakeRunner runner = new FakeRunner(runnerIds.incrementAndGet(), token, this, newQueueValue());
        if (runners.putIfAbsent(token, runner) != null) {
            throw new IllegalArgumentException("adding runner: token already registered");
        }
        return runner;
    }

    FakeRunner runner(String token) {
        return token == null ? null : runners.get(token);
    }

    Collection<FakeRunner> runners() {
        return runners.values();
    }

    FakeJob job(long id) {
        return jobs.get(id);
    }

    FakeJob jobByToken(String token) {
        return token == null ? null : jobsByToken.get(token);
    }

    List<FakeJob> jobs() {
        List<FakeJob> all = new ArrayList<>(jobs.values());
        all.sort(Comparator.comparingLong(FakeJob::id));
        return all;
    }

    /** Knows the job without queueing it (one that ran before the runner under test started). */
    void register(FakeJob job) {
        jobs.put(job.id(), job);
        jobsByToken.put(job.token(), job);
    }

    /** Makes the job pending for every runner and ticks every runner's queue value. */
    synchronized void enqueue(FakeJob job) {
        jobs.put(job.id(), job);
        jobsByToken.put(job.token(), job);
        pending.addLast(job);
        runners.values().forEach(r -> r.queueValue(newQueueValue()));
        notifyAll();
    }

    synchronized void tick(FakeRunner runner) {
        runner.queueValue(newQueueValue());
        notifyAll();
    }

    /** Workhorse's long poll: blocks while {@code runner}'s queue value still equals {@code seen}. */
    synchronized void awaitChange(FakeRunner runner, String seen, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        long left = max.toNanos();
        while (!closed && left > 0 && seen.equals(runner.queueValue())) {
            wait(Math.max(1, left / 1_000_000));
            left = deadline - System.nanoTime();
        }
    }

    /** Gives the first pending job to {@code runner}; queued jobs canceled meanwhile are dropped. */
    synchronized Assignment assign(FakeRunner runner, Function<FakeJob, String> payloadBuilder) {
        while (!pending.isEmpty()) {
            FakeJob job = pending.pollFirst();
            String missing = job.missingFeature(runner);
            if (missing != null) {
                job.drop("runner_unsupported"); // GitLab drops it and answers the runner 204
                continue;
            }
            if (job.assign(runner, payloadBuilder)) {
                return new Assignment(job, null);
            }
        }
        return new Assignment(null, runner.queueValue());
    }

    synchronized void close() {
        closed = true;
        notifyAll();
    }

    private static String newQueueValue() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
