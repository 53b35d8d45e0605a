package dev.lambdarunner.poller;

import dev.lambdarunner.gitlab.GitLabApiException;
import dev.lambdarunner.gitlab.GitLabRunnerApi;
import dev.lambdarunner.gitlab.RequestJobResult;
import dev.lambdarunner.gitlab.dto.JobResponse;
import dev.lambdarunner.job.JobOutcome;
import dev.lambdarunner.job.JobRunner;
import dev.lambdarunner.sandbox.StopReason;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Asks GitLab for jobs and runs them, up to {@code concurrent} at a time, with GitLab's long polling
 * ({@code last_update}). A job GitLab assigned is always run and reported, also while stopping: the poll
 * in flight is never abandoned, so no job is orphaned.
 */
public final class Poller {

    private static final Logger LOG = Logger.getLogger(Poller.class);
    private static final int MAX_IMMEDIATE_REPOLLS = 2;
    /** How often the wait for the jobs to end looks again whether a stop was asked for. */
    private static final Duration STOP_CHECK = Duration.ofMillis(100);
    /** How long the loop waits for a free job slot before it looks again whether to stop or whether time is left. */
    private static final Duration SLOT_WAIT = Duration.ofMillis(200);
    /** Jobs stopped after the shutdown grace are still reported; their own stop and report end well before this. */
    private static final Duration STOPPED_JOBS_LIMIT = Duration.ofMinutes(10);

    private final GitLabRunnerApi api;
    private final JobRunner jobs;
    private final PollSettings settings;
    private final Admission admission;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final Semaphore slots;
    private final AtomicInteger started = new AtomicInteger();
    private final AtomicInteger succeeded = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();
    private final Clock clock;
    /** When a job was last received or last ended, or when polling started: the idle clock. */
    private final AtomicReference<Instant> lastBusy;

    /** @param clock tells the idle time and how long a request took (its wait counts towards the check interval) */
    public Poller(GitLabRunnerApi api, JobRunner jobs, PollSettings settings, Admission admission, Clock clock) {
        this.api = api;
        this.jobs = jobs;
        this.settings = settings;
        this.admission = admission;
        this.clock = clock;
        this.slots = new Semaphore(settings.concurrent());
        this.lastBusy = new AtomicReference<>(clock.instant());
    }

    /**
     * Polls until stopped, until the one job is done ({@code once}), until the admission refuses another job or
     * its idle limit is reached, or until the runner cannot work. Returns once every job it took is reported.
     */
    public PollSummary run() {
        lastBusy.set(clock.instant());
        ExecutorService workers = Executors.newFixedThreadPool(settings.concurrent(), r -> new Thread(r, "job-worker"));
        PollSummary.StopCause cause;
        String detail;
        try {
            PollLoop loop = new PollLoop();
            cause = loop.run(workers);
            detail = loop.detail;
        } finally {
            drain(workers);
        }
        if (cause == PollSummary.StopCause.NO_TIME_LEFT) {
            detail = admission.refusal(); // its figures as they are now, after the jobs ran
        }
        return new PollSummary(started.get(), succeeded.get(), failed.get(), cause, detail);
    }

    /** Stops asking for jobs; running jobs get the shutdown grace to finish, then are stopped and reported. */
    public void stop() {
        stopRequested.countDown();
    }

    private boolean stopping() {
        return stopRequested.getCount() == 0;
    }

    private void submit(ExecutorService workers, JobResponse job) {
        started.incrementAndGet();
        running.incrementAndGet();
        lastBusy.set(clock.instant());
        var limits = admission.limitsFor(job);
        workers.execute(() -> {
            try {
                JobOutcome outcome = jobs.run(job, limits);
                (outcome.success() ? succeeded : failed).incrementAndGet();
            } finally {
                lastBusy.set(clock.instant());
                running.decrementAndGet();
                slots.release();
            }
        });
    }

    /** How long polling has gone without a job, if no job is running; empty while one runs. */
    private Optional<Duration> idleFor() {
        return running.get() > 0 ? Optional.empty()
                : Optional.of(Duration.between(lastBusy.get(), clock.instant()));
    }

    /**
     * Waits for running jobs. They run to their own end (their timeouts bound them) unless a stop is
     * requested: from then on they get the shutdown grace, and are stopped and reported after it.
     */
    private void drain(ExecutorService workers) {
        workers.shutdown();
        try {
            while (!workers.awaitTermination(STOP_CHECK.toMillis(), TimeUnit.MILLISECONDS)) {
                if (stopping()) {
                    stopAfterGrace(workers);
                    return;
                }
            }
        } catch (InterruptedException e) {
            jobs.stopAll(StopReason.SHUTDOWN);
            Thread.currentThread().interrupt();
        }
    }

    private void stopAfterGrace(ExecutorService workers) throws InterruptedException {
        if (!workers.awaitTermination(settings.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)) {
            LOG.warnf("Stopping running jobs after the shutdown grace jobs=%d", jobs.activeJobs());
            jobs.stopAll(StopReason.SHUTDOWN);
            workers.awaitTermination(STOPPED_JOBS_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** What the request loop does after an answer: ask again, or end polling for a reason. */
    private sealed interface Next permits Next.PollAgain, Next.Stop {
        Next POLL_AGAIN = new PollAgain();

        static Next stop(PollSummary.StopCause cause) {
            return new Stop(cause);
        }

        record PollAgain() implements Next {
        }

        record Stop(PollSummary.StopCause cause) implements Next {
        }
    }

    /** The request loop; holds the long-polling state. */
    private final class PollLoop {
        private String lastUpdate;
        private int forbidden;
        private String detail = "";
        private Instant requestStarted = clock.instant();
        private int immediateRepolls;

        PollSummary.StopCause run(ExecutorService workers) {
            while (true) {
                if (stopping()) {
                    detail = "stop requested";
                    return PollSummary.StopCause.STOPPED;
                }
                if (!admission.mayRequestJob()) {
                    detail = admission.refusal();
                    return PollSummary.StopCause.NO_TIME_LEFT;
                }
                if (!acquireSlot()) {
                    continue;
                }
                requestStarted = clock.instant();
                RequestJobResult result = request();
                Next next = handle(result, workers);
                if (next instanceof Next.Stop stop) {
                    return stop.cause();
                }
            }
        }

        private Next handle(RequestJobResult result, ExecutorService workers) {
            if (result.state() != RequestJobResult.State.JOB) {
                slots.release();
            }
            switch (result.state()) {
                case JOB -> {
                    forbidden = 0;
                    immediateRepolls = 0;
                    JobResponse job = result.job().orElseThrow();
                    LOG.infof("Checking for jobs... received job_id=%d", job.id());
                    submit(workers, job);
                    if (settings.once()) {
                        detail = "ran job " + job.id();
                        return Next.stop(PollSummary.StopCause.ONCE_DONE);
                    }
                }
                case NO_JOB -> {
                    forbidden = 0;
                    // A new queue value means GitLab will hold our next request (long polling): ask at once.
                    boolean queueChanged = lastUpdate != null && !lastUpdate.equals(result.lastUpdate());
                    lastUpdate = result.lastUpdate();
                    if (idle("no job pending")) {
                        return Next.stop(PollSummary.StopCause.IDLE);
                    }
                    pauseUnless(queueChanged);
                }
                case LONG_POLL_ENDED -> {
                    forbidden = 0;
                    pauseUnless(true);
                }
                case FORBIDDEN -> {
                    if (++forbidden >= settings.maxForbidden()) {
                        detail = "GitLab rejected the runner token (403 on POST /api/v4/jobs/request): "
                                + "check that the token is a valid glrt- runner authentication token";
                        return Next.stop(PollSummary.StopCause.TOKEN_REJECTED);
                    }
                    pause();
                }
                case RETRY -> {
                    if (!admission.mayRequestJob()) { // its retries stopped where another job no longer fits
                        detail = admission.refusal();
                        return Next.stop(PollSummary.StopCause.NO_TIME_LEFT);
                    }
                    if (idle("POST /api/v4/jobs/request kept failing (last status " + result.httpStatus() + ")")) {
                        return Next.stop(PollSummary.StopCause.IDLE);
                    }
                    pause();
                }
            }
            return Next.POLL_AGAIN;
        }

        /**
         * Whether the admission's idle limit is reached; a long poll that merely ended is not an answer (the
         * poller asks again at once), so only a 204 from GitLab itself or a failed request count.
         */
        private boolean idle(String why) {
            Optional<Duration> limit = admission.idleLimit();
            Optional<Duration> idle = idleFor();
            if (limit.isEmpty() || idle.isEmpty() || idle.get().compareTo(limit.get()) < 0) {
                return false;
            }
            detail = why + ": no job for " + idle.get().toMillis() + " ms (idle limit " + limit.get() + ")";
            return true;
        }

        private RequestJobResult request() {
            try {
                return api.requestJob(lastUpdate);
            } catch (GitLabApiException e) {
                LOG.warnf("Checking for jobs... failed cause=%s", e.getMessage());
                return RequestJobResult.of(RequestJobResult.State.RETRY, lastUpdate, e.status());
            }
        }

        private boolean acquireSlot() {
            try {
                return slots.tryAcquire(SLOT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop();
                return false;
            }
        }

        /**
         * Re-polls at once when asked, at most {@link #MAX_IMMEDIATE_REPOLLS} times in a row (a new queue value,
         * then the long poll that follows it ending), so a server answering fast 204s cannot make us spin.
         */
        private void pauseUnless(boolean repollAtOnce) {
            if (repollAtOnce && immediateRepolls < MAX_IMMEDIATE_REPOLLS) {
                immediateRepolls++;
                return;
            }
            immediateRepolls = 0;
            pause();
        }

        /**
         * The check interval spaces request starts: a long poll GitLab held open already counts towards it,
         * so a job queued just after a long poll ended is not left waiting a further interval.
         */
        private void pause() {
            long elapsedMs = Duration.between(requestStarted, clock.instant()).toMillis();
            try {
                stopRequested.await(Math.max(0, settings.checkInterval().toMillis() - elapsedMs), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop();
            }
        }
    }
}
