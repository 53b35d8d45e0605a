package dev.lambdarunner.lambda;

/**
 * An event the function does not understand. It fails the invocation with this message (Lambda's
 * {@code errorMessage}); configured as an expected exception ({@code quarkus.lambda.expected-exceptions}), so the
 * log gets one line instead of a stack trace.
 */
public class UnknownEventException extends IllegalArgumentException {

    public UnknownEventException(String message) {
        super(message);
    }
}
