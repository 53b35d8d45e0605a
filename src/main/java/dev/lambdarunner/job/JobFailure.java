package dev.lambdarunner.job;

/**
 * Why a job failed, as it will be reported: the reason GitLab shows, the exit code (or {@code null}),
 * and a message for the job log. Thrown by stages, mapped to the final update only by {@link JobRunner}.
 */
public class JobFailure extends Exception {

    private final FailureReason reason;
    private final Integer exitCode;

    public JobFailure(FailureReason reason, Integer exitCode, String message) {
        super(message);
        this.reason = reason;
        this.exitCode = exitCode;
    }

    public JobFailure(FailureReason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.exitCode = null;
    }

    public FailureReason reason() {
        return reason;
    }

    public Integer exitCode() {
        return exitCode;
    }

    /** gitlab-runner's wording: a system failure is flagged as such in the closing line. */
    boolean systemFailure() {
        return reason == FailureReason.RUNNER_SYSTEM_FAILURE;
    }
}
