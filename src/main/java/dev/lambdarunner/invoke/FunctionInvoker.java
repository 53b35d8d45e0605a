package dev.lambdarunner.invoke;

/**
 * Invokes a Lambda function by name (<a href="https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html">Invoke</a>;
 * the caller needs only {@code lambda:InvokeFunction} on that function).
 */
public interface FunctionInvoker {

    /**
     * Queues an asynchronous invocation ({@code InvocationType=Event}) and returns as soon as Lambda accepted it
     * (HTTP 202), without waiting for the function.
     *
     * @throws InvokeException when Lambda did not accept it; the message names the function and the cause
     */
    void invokeAsync(String functionName, String payload) throws InvokeException;

    /**
     * Invokes synchronously ({@code InvocationType=RequestResponse}) and returns the function's answer, also when
     * the function itself failed ({@link InvokeResult#functionError()}).
     *
     * @throws InvokeException when the invocation did not happen or its answer did not arrive
     */
    InvokeResult invoke(String functionName, String payload) throws InvokeException;
}
