package dev.lambdarunner.testsupport;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * A job on the fake GitLab: its status as GitLab sees it, the trace bytes it holds, and what the runner
 * reported. All state is guarded by this object's monitor; the {@code await*} methods block on it.
 * Statuses: {@code pending} (queued, or assigned and awaiting the runner's accept), {@code running},
 * {@code canceling}, {@code canceled}, {@code success}, {@code failed}.
 */
public final class FakeJob {
    private final long id;
    private final long pipelineId;
    private final String token;
    private final JobSpec spec;
    private final Instant enqueuedAt = Instant.now();
    private final StoredTrace trace = new StoredTrace();
    private final Set<String> reportedLeaks = new HashSet<>();
    private String status = "pending";
    private FakeRunner runner;
    private boolean awaitingAck;
    private String payload;
    private String pendingFinalState;
    private String reportedState;
    private String failureReason;
    private Integer exitCode;
    private String checksum;
    private Long bytesize;
    private int finalReports;

    FakeJob(long id, long pipelineId, String token, JobSpec spec) {
        this.id = id;
        this.pipelineId = pipelineId;
        this.token = token;
        this.spec = spec;
    }

    public long id() {
        return id;
    }

    public long pipelineId() {
        return pipelineId;
    }

    /** The job token ({@code CI_JOB_TOKEN}, a secret: do not print it). */
    public String token() {
        return token;
    }

    public JobSpec spec() {
        return spec;
    }

    public synchronized String status() {
        return status;
    }

    /** The runner the job was given to, or {@code null} while queued. */
    public synchronized FakeRunner runner() {
        return runner;
    }

    /** The 201 payload sent to the runner, or {@code null} while queued. */
    public synchronized String payload() {
        return payload;
    }

    public synchronized String trace() {
        return trace.text();
    }

    public synchronized byte[] traceBytes() {
        return trace.copy();
    }

    public synchronized String finalState() {
        return reportedState;
    }

    public synchronized String failureReason() {
        return failureReason;
    }

    public synchronized Integer exitCode() {
        return exitCode;
    }

    /** Accepted final PUTs; anything but 0 or 1 means the runner reported the job twice. */
    public synchronized int finalReports() {
        return finalReports;
    }

    /** Blocks until the job is success, failed or canceled; fails the test after {@code timeout}. */
    public synchronized FinalReport awaitFinished(Duration timeout) {
        await(this::finished, timeout, "finish");
        return new FinalReport(status, reportedState, failureReason, exitCode, checksum, bytesize, finalReports);
    }

    public synchronized void awaitStatus(String expected, Duration timeout) {
        await(() -> status.equals(expected), timeout, "reach status " + expected);
    }

    public synchronized void awaitTraceContains(String text, Duration timeout) {
        await(() -> trace.text().contains(text), timeout, "log '" + text + "'");
    }

    /**
     * Cancels like a user in the UI: a queued job becomes canceled; a job taken by a runner that advertised
     * {@code cancel_gracefully} becomes canceling, otherwise canceled.
     */
    public synchronized void cancel() {
        if (status.equals("pending") || status.equals("running")) {
            boolean graceful = runner != null && runner.advertises("cancel_gracefully");
            status = graceful ? "canceling" : "canceled";
            awaitingAck = false;
            notifyAll();
        }
    }

    /** Force-cancels: the job becomes canceled whatever the runner supports. */
    public synchronized void forceCancel() {
        if (!finished()) {
            status = "canceled";
            awaitingAck = false;
            notifyAll();
        }
    }

    @Override
    public String toString() {
        return "FakeJob[id=" + id + ", name=" + spec.name() + "]";
    }

    /** Hands the queued job to {@code taker}; false if it was taken or canceled meanwhile. */
    synchronized boolean assign(FakeRunner taker, Function<FakeJob, String> payloadBuilder) {
        if (!status.equals("pending") || runner != null) {
            return false;
        }
        runner = taker;
        awaitingAck = taker.advertises("two_phase_job_commit");
        status = awaitingAck ? "pending" : "running";
        payload = payloadBuilder.apply(this);
        notifyAll();
        return true;
    }

    synchronized boolean awaitingAck() {
        return awaitingAck;
    }

    /** Running, canceling or assigned-awaiting-ack: the job token is valid for git and the API. */
    synchronized boolean active() {
        return awaitingAck || status.equals("running") || status.equals("canceling");
    }

    synchronized void accept() {
        awaitingAck = false;
        status = "running";
        notifyAll();
    }

    synchronized void finish(String state, String reason, Integer code, String sum, Long size) {
        reportedState = state;
        failureReason = reason;
        exitCode = code;
        checksum = sum;
        bytesize = size;
        finalReports++;
        pendingFinalState = null;
        status = status.equals("canceling") ? "canceled" : state;
        notifyAll();
    }

    /**
     * The feature GitLab would require of {@code runner} for this job and not find advertised (protocol reference
     * §3.2: {@code upload_multiple_artifacts} for reports, {@code artifacts_exclude} for {@code exclude}), or
     * {@code null}.
     */
    String missingFeature(FakeRunner runner) {
        boolean reports = spec.artifacts().stream().anyMatch(a -> !a.type().equals("archive"));
        boolean exclude = spec.artifacts().stream().anyMatch(a -> !a.exclude().isEmpty());
        if (reports && !runner.advertises("upload_multiple_artifacts")) {
            return "upload_multiple_artifacts";
        }
        return exclude && !runner.advertises("artifacts_exclude") ? "artifacts_exclude" : null;
    }

    /** A job that ran and succeeded before the test (seeded for dependencies). */
    synchronized void seedFinished() {
        status = "success";
        reportedState = "success";
        notifyAll();
    }

    /** GitLab ends the job itself, e.g. {@code trace_size_exceeded}. */
    synchronized void drop(String reason) {
        status = "failed";
        failureReason = reason;
        notifyAll();
    }

    synchronized String pendingFinalState() {
        return pendingFinalState;
    }

    synchronized void pendingFinalState(String state) {
        pendingFinalState = state;
    }

    synchronized StoredTrace storedTrace() {
        return trace;
    }

    synchronized void appendTrace(byte[] chunk) {
        trace.append(chunk);
        notifyAll();
    }

    synchronized void truncateTrace(int length) {
        trace.truncate(length);
        notifyAll();
    }

    /** True the first time a leak of {@code secretLabel} is seen, so each leak is reported once. */
    synchronized boolean firstLeak(String secretLabel) {
        return reportedLeaks.add(secretLabel);
    }

    Instant enqueuedAt() {
        return enqueuedAt;
    }

    private boolean finished() {
        return status.equals("success") || status.equals("failed") || status.equals("canceled");
    }

    private void await(BooleanSupplier condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (!condition.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("job " + id + " did not " + what + " within " + timeout
                            + " (status " + status + ", " + trace.length() + " trace bytes)");
                }
                wait(Math.max(1, left / 1_000_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("waiting for job " + id + " to " + what + ": interrupted", e);
        }
    }
}
