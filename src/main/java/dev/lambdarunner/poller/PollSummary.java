package dev.lambdarunner.poller;

/**
 * What one poll session did and why it ended.
 *
 * @param detail a human-readable reason, safe to print
 */
public record PollSummary(int jobsRun, int succeeded, int failed, StopCause stopCause, String detail) {

    public enum StopCause {
        /** {@code --once}: the one job ran to its end. */
        ONCE_DONE,
        /** Asked to stop (SIGTERM, end of an invocation's polling). */
        STOPPED,
        /** The admission refused another job (Lambda deadline). */
        NO_TIME_LEFT,
        /** GitLab rejected the runner token: the runner cannot work. */
        TOKEN_REJECTED,
        /** No job for the admission's idle limit (a Lambda sweep that found the queue empty). */
        IDLE
    }

    public boolean runnerCanWork() {
        return stopCause != StopCause.TOKEN_REJECTED;
    }
}
