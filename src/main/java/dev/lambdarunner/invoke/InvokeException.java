package dev.lambdarunner.invoke;

/** An invocation that Lambda did not accept or whose answer did not arrive. The message is safe to print. */
public class InvokeException extends Exception {

    /** Lambda's HTTP status, or 0 when there was no answer at all (network, timeout, no region). */
    private final int statusCode;

    public InvokeException(String message, int statusCode, Throwable cause) {
        super(message, cause);
        this.statusCode = statusCode;
    }

    public int statusCode() {
        return statusCode;
    }
}
