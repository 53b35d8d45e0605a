package dev.lambdarunner.sources;

/** The git object cache could not serve a job; the message is safe to show (no credentials). */
final class CacheException extends Exception {
    CacheException(String message, Throwable cause) {
        super(message, cause);
    }
}
