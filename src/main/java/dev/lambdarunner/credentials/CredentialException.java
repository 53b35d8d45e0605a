package dev.lambdarunner.credentials;

/** A job asked for credentials it cannot have. The message says which and why, and holds no secret. */
public class CredentialException extends Exception {

    public CredentialException(String message) {
        super(message);
    }

    public CredentialException(String message, Throwable cause) {
        super(message, cause);
    }
}
