package dev.lambdarunner.sources;

/** Fetching or checking out a job's sources failed; the message is safe to show (no credentials). */
public class SourceException extends Exception {
    public SourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
