package dev.lambdarunner.gitlab;

/** A GitLab call that failed for good: transport error, or a status still failing after the retries. */
public class GitLabApiException extends RuntimeException {

    private final int status;

    /** @param status the last HTTP status, or 0 for a transport failure */
    public GitLabApiException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
