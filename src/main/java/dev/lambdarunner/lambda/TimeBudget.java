package dev.lambdarunner.lambda;

import dev.lambdarunner.config.RunnerConfig;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The time one more job needs from an invocation: the longest job ({@code runner.max-job-timeout}), the reserve
 * for stopping and reporting it ({@code runner.lambda.reserve}), and the long poll that may hand it over
 * ({@code runner.gitlab.request-timeout}). A job assigned during a poll the function abandons would be orphaned,
 * so a poll is only started while all three still fit.
 */
record TimeBudget(Duration maxJobTimeout, Duration reserve, Duration requestTimeout, Duration killGrace) {

    /** Lambda's longest invocation. */
    static final Duration LAMBDA_MAX_TIMEOUT = Duration.ofMinutes(15);

    static TimeBudget of(RunnerConfig config) {
        return new TimeBudget(config.maxJobTimeout(), config.lambda().reserve(), config.gitlab().requestTimeout(),
                config.sandbox().killGrace());
    }

    /** The longest margin kept at the end of an invocation for answering it. */
    static final Duration LONGEST_ANSWER_MARGIN = Duration.ofSeconds(5);

    /**
     * Kept free at the very end of the invocation for answering it: GitLab calls (a job's final report too) are
     * over before it. A tenth of the reserve, at most {@link #LONGEST_ANSWER_MARGIN}.
     */
    Duration answerMargin() {
        Duration tenth = reserve.dividedBy(10);
        return tenth.compareTo(LONGEST_ANSWER_MARGIN) < 0 ? tenth : LONGEST_ANSWER_MARGIN;
    }

    /** What must be left in the invocation before another {@code jobs/request} is sent. */
    Duration perJob() {
        return maxJobTimeout.plus(reserve).plus(requestTimeout);
    }

    /** Why no invocation, however long, could ever run a job with these settings; empty when one could. */
    Optional<String> neverFits() {
        if (perJob().compareTo(LAMBDA_MAX_TIMEOUT) > 0) {
            Duration maxJob = LAMBDA_MAX_TIMEOUT.minus(reserve).minus(requestTimeout);
            return Optional.of(sum() + " can never fit in a Lambda invocation (at most " + LAMBDA_MAX_TIMEOUT
                    + "): set RUNNER_MAX_JOB_TIMEOUT to at most " + (maxJob.isNegative() ? Duration.ZERO : maxJob)
                    + " (and the GitLab runner's maximum job timeout to match)");
        }
        if (reserve.compareTo(killGrace) <= 0) {
            return Optional.of("runner.lambda.reserve (" + reserve + ") must be longer than runner.sandbox.kill-grace ("
                    + killGrace + "): a job stopped at the deadline needs the kill grace and then time to report");
        }
        return Optional.empty();
    }

    /** Why another job does not fit in {@code remaining}. */
    String shortfall(Duration remaining) {
        return "no time for another job: " + remaining.truncatedTo(ChronoUnit.MILLIS) + " left in this invocation, "
                + "a job needs " + sum() + " (raise the function's timeout or lower RUNNER_MAX_JOB_TIMEOUT)";
    }

    private String sum() {
        return "runner.max-job-timeout " + maxJobTimeout + " + runner.lambda.reserve " + reserve
                + " + runner.gitlab.request-timeout " + requestTimeout + " = " + perJob();
    }
}
