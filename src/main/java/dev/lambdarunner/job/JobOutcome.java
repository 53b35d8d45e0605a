package dev.lambdarunner.job;

import java.time.Duration;
import java.util.Optional;

/**
 * How a job ended, for the poller's summary and the runner log.
 *
 * @param reported whether GitLab confirmed the final state (false when GitLab had already ended the job,
 *                 or the final update could not be delivered)
 */
public record JobOutcome(long jobId, boolean success, Optional<FailureReason> failure, boolean reported,
                         Duration elapsed) {
}
