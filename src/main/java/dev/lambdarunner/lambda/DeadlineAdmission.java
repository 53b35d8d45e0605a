package dev.lambdarunner.lambda;

import dev.lambdarunner.gitlab.CallDeadlines;
import dev.lambdarunner.gitlab.dto.JobResponse;
import dev.lambdarunner.job.JobLimits;
import dev.lambdarunner.poller.Admission;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The admission of one invocation: another job is requested only while it fits before the deadline
 * ({@link TimeBudget#perJob()}), retries of that request included, and every job is stopped by the deadline minus
 * the reserve, so the job engine stops it as {@code job_execution_timeout} (Terraform stopped gracefully, trace
 * flushed) and reports it within the reserve, before Lambda kills the process.
 */
final class DeadlineAdmission implements Admission {

    private final Deadline deadline;
    private final TimeBudget budget;
    private final Duration idleLimit;
    private final Clock clock;

    DeadlineAdmission(Deadline deadline, TimeBudget budget, Duration idleLimit, Clock clock) {
        this.deadline = deadline;
        this.budget = budget;
        this.idleLimit = idleLimit;
        this.clock = clock;
    }

    @Override
    public boolean mayRequestJob() {
        return !clock.instant().isAfter(lastJobRequest());
    }

    /**
     * A {@code jobs/request} attempt (retries included) goes out only while a job still fits, the same instant
     * {@link #mayRequestJob()} checks; every other call is over before the margin kept for answering the invocation.
     */
    @Override
    public CallDeadlines callDeadlines() {
        return new CallDeadlines(lastJobRequest(), reportBy());
    }

    @Override
    public JobLimits limitsFor(JobResponse job) {
        return new JobLimits(budget.maxJobTimeout(), deadline.end().minus(budget.reserve()), reportBy());
    }

    /** The last instant at which a job still fits: the deadline minus {@link TimeBudget#perJob()}. */
    private Instant lastJobRequest() {
        return deadline.end().minus(budget.perJob());
    }

    private Instant reportBy() {
        return deadline.end().minus(budget.answerMargin());
    }

    @Override
    public String refusal() {
        return budget.shortfall(deadline.remaining(clock));
    }

    @Override
    public Optional<Duration> idleLimit() {
        return Optional.of(idleLimit);
    }
}
