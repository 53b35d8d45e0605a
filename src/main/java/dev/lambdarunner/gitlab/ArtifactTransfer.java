package dev.lambdarunner.gitlab;

/**
 * What an artifact upload or download came to, after the retry layer.
 *
 * @param state   the outcome
 * @param status  the last HTTP status
 * @param message GitLab's {@code message} from an error body (never a token), or empty
 */
public record ArtifactTransfer(State state, int status, String message) {

    public enum State {
        /** 201 to an upload, 200 to a download. */
        OK,
        /** 413: the artifact is larger than GitLab accepts. */
        TOO_LARGE,
        /** Any other 4xx, a redirect, or a non-retried status: final, not tried again. */
        REFUSED,
        /** A retried status (408, 429, 5xx) still failing after the last attempt. */
        FAILED
    }

    public boolean ok() {
        return state == State.OK;
    }

    /** {@code "413 Payload Too Large"} plus GitLab's message when there is one. */
    public String describe() {
        return status + (message.isEmpty() ? "" : " (" + message + ")");
    }
}
