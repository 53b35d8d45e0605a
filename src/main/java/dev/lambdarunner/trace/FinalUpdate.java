package dev.lambdarunner.trace;

import dev.lambdarunner.gitlab.Backoff;
import dev.lambdarunner.gitlab.GitLabApiException;
import dev.lambdarunner.gitlab.UpdateResult;
import dev.lambdarunner.gitlab.dto.UpdateJobRequest;
import dev.lambdarunner.trace.FinishResult.Outcome;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The final sequence of a job (protocol reference §7): send every byte of the trace, then the final state
 * with the checksum of exactly those bytes; repeat while GitLab is still persisting the trace (202), retry
 * failed rounds with backoff. All of it within a report deadline: no round starts and no wait ends after it, so
 * the job is reported in time or given up in time (with an error log line), never cut off mid-report.
 */
final class FinalUpdate {

    private static final Logger LOG = Logger.getLogger(FinalUpdate.class);
    /** 1 s, 2 s, 4 s ... up to 30 s: far below gitlab-runner's 60 min, a Lambda invocation has minutes left at best. */
    static final Backoff BACKOFF = Backoff.doubling(Duration.ofSeconds(1), Duration.ofSeconds(30));
    private static final Duration DEFAULT_PENDING_WAIT = Duration.ofSeconds(1);
    /** GitLab answers 200 at the latest 5 min after the first 202; this bounds a misbehaving server. */
    private static final int MAX_PENDING_ROUNDS = 100;
    /** Back-to-back 416s in one round mean GitLab and we disagree; retrying later is better than spinning. */
    private static final int MAX_RESYNCS = 5;

    /** One round's answer: an outcome (done), a delay (GitLab still persisting: again after it), or neither. */
    private record Round(Optional<Outcome> outcome, Optional<Duration> delay) {
        static final Round FAILED = new Round(Optional.empty(), Optional.empty());

        static Round done(Outcome outcome) {
            return new Round(Optional.of(outcome), Optional.empty());
        }

        static Round pending(Duration delay) {
            return new Round(Optional.empty(), Optional.of(delay));
        }
    }

    private final TraceUploader uploader;
    private final TraceSettings settings;
    private final long jobId;
    private final Clock clock;

    FinalUpdate(TraceUploader uploader, TraceSettings settings, long jobId, Clock clock) {
        this.uploader = uploader;
        this.settings = settings;
        this.jobId = jobId;
        this.clock = clock;
    }

    /**
     * Runs the sequence; {@code request} carries the final state and the checksum of the whole buffer. No round
     * starts at or after {@code reportBy} and no wait goes past it ({@link Instant#MAX}: no deadline).
     */
    Outcome run(UpdateJobRequest request, Instant reportBy) {
        int failures = 0;
        int pendingRounds = 0;
        try {
            while (failures < settings.finalUpdateAttempts() && pendingRounds <= MAX_PENDING_ROUNDS) {
                if (!clock.instant().isBefore(reportBy)) {
                    return outOfTime(failures, pendingRounds, Duration.ZERO, reportBy);
                }
                Round round = round(request);
                if (round.outcome().isPresent()) {
                    return round.outcome().get();
                }
                Optional<Duration> wait = Optional.empty();
                if (round.delay().isPresent()) {
                    pendingRounds++;
                    wait = round.delay();
                } else if (++failures < settings.finalUpdateAttempts()) {
                    wait = Optional.of(BACKOFF.delay(failures));
                }
                if (wait.isPresent() && !Backoff.fits(clock.instant(), wait.get(), reportBy)) {
                    return outOfTime(failures, pendingRounds, wait.get(), reportBy);
                }
                if (wait.isPresent()) {
                    settings.sleeper().sleep(wait.get());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.errorf("Submitting job to coordinator... gave up job=%d failures=%d pending=%d",
                jobId, failures, pendingRounds);
        return Outcome.GAVE_UP;
    }

    private Outcome outOfTime(int failures, int pendingRounds, Duration nextWait, Instant reportBy) {
        LOG.errorf("Submitting job to coordinator... gave up, no time left before the report deadline job=%d "
                        + "failures=%d pending=%d next_wait=%s left_ms=%d report_by=%s", jobId, failures, pendingRounds,
                nextWait, Math.max(0, Duration.between(clock.instant(), reportBy).toMillis()), reportBy);
        return Outcome.GAVE_UP;
    }

    private Round round(UpdateJobRequest request) {
        try {
            TraceUploader.Step flushed = flushTrace();
            if (flushed == TraceUploader.Step.ABORTED) {
                return Round.done(Outcome.ABORTED);
            }
            if (flushed == TraceUploader.Step.RETRY) {
                return Round.FAILED;
            }
            UpdateResult result = uploader.updateFinal(request);
            return switch (result.state()) {
                case ACCEPTED -> Round.done(Outcome.ACCEPTED);
                case PENDING -> Round.pending(result.retryAfter().orElse(DEFAULT_PENDING_WAIT));
                case ABORT -> Round.done(Outcome.ABORTED);
                case FAILED -> failed("status " + result.httpStatus());
            };
        } catch (GitLabApiException e) {
            return failed(e.getMessage());
        } catch (RuntimeException e) {
            // a bug must not keep the job from being reported: retry like any failed round
            LOG.errorf(e, "Submitting job to coordinator... unexpected error job=%d", jobId);
            return Round.FAILED;
        }
    }

    /**
     * Patches until GitLab acknowledged every byte. Returns {@code NOTHING_TO_SEND} when done or when the
     * trace is gone (404: the final state is still sent), {@code RETRY} or {@code ABORTED} otherwise.
     */
    private TraceUploader.Step flushTrace() {
        int resyncs = 0;
        while (true) {
            TraceUploader.Step step = uploader.patchNext();
            switch (step) {
                case SENT:
                    break;
                case RESYNCED:
                    if (++resyncs > MAX_RESYNCS) {
                        return TraceUploader.Step.RETRY;
                    }
                    break;
                case GONE:
                case NOTHING_TO_SEND:
                    return TraceUploader.Step.NOTHING_TO_SEND;
                default:
                    return step;
            }
        }
    }

    private Round failed(String cause) {
        LOG.warnf("Submitting job to coordinator... failed job=%d: %s", jobId, cause);
        return Round.FAILED;
    }
}
