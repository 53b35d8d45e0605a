package dev.lambdarunner.gitlab;

import java.time.Duration;

/**
 * Waits between two attempts of a GitLab call. Injected through {@link RetryPolicy} so that tests record the
 * requested delays instead of sleeping.
 */
@FunctionalInterface
public interface Sleeper {

    /** Blocks the calling thread for the given time. */
    Sleeper REAL = d -> Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000);

    /**
     * Waits for {@code d}.
     *
     * @throws InterruptedException when the thread is interrupted; the call is then given up
     */
    void sleep(Duration d) throws InterruptedException;
}
