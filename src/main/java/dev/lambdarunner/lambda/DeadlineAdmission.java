package dev.lambdarunner.lambda;

import dev.lambdarunner.gitlab.dto.JobResponse;
import dev.lambdarunner.job.JobLimits;
import dev.lambdarunner.poller.Admission;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The admission of one invocation: another job is requested only while it fits before the deadline
 * ({@link TimeBudget#perJob()}), and every job must be reported by the deadline minus the reserve, so the job
 * engine stops it as {@code job_execution_timeout} (Terraform stopped gracefully, trace flushed, final PUT) before
 * Lambda kills the process.
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
        return deadline.remaining(clock).compareTo(budget.perJob()) >= 0;
    }

    @Override
    public JobLimits limitsFor(JobResponse job) {
        return new JobLimits(budget.maxJobTimeout(), deadline.end().minus(budget.reserve()));
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
