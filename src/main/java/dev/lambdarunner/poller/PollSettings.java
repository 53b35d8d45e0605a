package dev.lambdarunner.poller;

import java.time.Duration;

/**
 * @param concurrent     jobs run at the same time
 * @param checkInterval  pause after a poll that found nothing
 * @param once           take one job, run it to its end, stop
 * @param shutdownGrace  how long a stop waits for running jobs before stopping them
 * @param maxForbidden   consecutive 403 answers after which the token counts as rejected
 */
public record PollSettings(int concurrent, Duration checkInterval, boolean once, Duration shutdownGrace,
                           int maxForbidden) {

    public PollSettings {
        if (concurrent < 1) {
            throw new IllegalArgumentException("concurrent must be at least 1, was " + concurrent);
        }
    }
}
