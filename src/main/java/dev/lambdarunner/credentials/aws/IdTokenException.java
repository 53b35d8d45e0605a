package dev.lambdarunner.credentials.aws;

/**
 * An ID token failed one check. The message says which check and why, for the job log; it never holds the
 * token or any part of its signature.
 */
final class IdTokenException extends Exception {

    /** The check that failed, named in the runner log. */
    enum Check {
        FORMAT, ALGORITHM, KEY, SIGNATURE, ISSUER, AUDIENCE, EXPIRY, CLAIMS, JOB, PROJECT;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Check check;

    IdTokenException(Check check, String message) {
        super(check.label() + ": " + message);
        this.check = check;
    }

    IdTokenException(Check check, String message, Throwable cause) {
        super(check.label() + ": " + message, cause);
        this.check = check;
    }

    Check check() {
        return check;
    }
}
