package dev.lambdarunner.testsupport;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A runner registered on the fake GitLab, known by its authentication token. Keeps GitLab's per-runner queue
 * value ({@code X-GitLab-Last-Update}) and the {@code info.features} the runner last advertised, which decide
 * two-phase commit and graceful cancel for the jobs it takes.
 */
public final class FakeRunner {
    private final long id;
    private final String token;
    private final JobQueue queue;
    private final AtomicInteger jobRequests = new AtomicInteger();
    private volatile String queueValue;
    private volatile boolean paused;
    private volatile Map<String, Boolean> features = Map.of();

    FakeRunner(long id, String token, JobQueue queue, String queueValue) {
        this.id = id;
        this.token = token;
        this.queue = queue;
        this.queueValue = queueValue;
    }

    /** The runner id GitLab returns from {@code /runners/verify}. */
    public long id() {
        return id;
    }

    /** The runner authentication token (a secret: do not print it). */
    public String token() {
        return token;
    }

    /** Pauses the runner: {@code jobs/request} answers 204 until {@link #resume()}. */
    public void pause() {
        paused = true;
        queue.tick(this);
    }

    /** Unpauses the runner; like GitLab, this ticks its queue so a long poll returns. */
    public void resume() {
        paused = false;
        queue.tick(this);
    }

    public boolean paused() {
        return paused;
    }

    /** The current queue value: what the next 204 carries as {@code X-GitLab-Last-Update}. */
    public String queueValue() {
        return queueValue;
    }

    /** The {@code info.features} of the runner's latest {@code jobs/request} (GitLab's runtime_features). */
    public Map<String, Boolean> features() {
        return features;
    }

    /** Whether the runner's latest {@code jobs/request} advertised {@code feature} as {@code true}. */
    public boolean advertises(String feature) {
        return Boolean.TRUE.equals(features.get(feature));
    }

    /** How many {@code jobs/request} calls with this runner's token were answered. */
    public int jobRequests() {
        return jobRequests.get();
    }

    void recordRequest(Map<String, Boolean> advertised) {
        jobRequests.incrementAndGet();
        if (advertised != null) {
            features = Map.copyOf(advertised);
        }
    }

    /** Only called under the queue's monitor, so that ticks and assignments are ordered. */
    void queueValue(String value) {
        queueValue = value;
    }

    @Override
    public String toString() {
        return "FakeRunner[id=" + id + ", paused=" + paused + "]";
    }
}
