package dev.lambdarunner.invoke;

import java.util.Optional;

/**
 * The answer to a synchronous invocation.
 *
 * @param functionError Lambda's {@code X-Amz-Function-Error} ({@code Unhandled}) when the function failed; the
 *                      payload then holds its {@code errorMessage}/{@code errorType}
 * @param payload       what the function returned, as text
 */
public record InvokeResult(int statusCode, Optional<String> functionError, String payload) {

    public boolean failed() {
        return functionError.isPresent();
    }
}
