package dev.lambdarunner.lambda;

import dev.lambdarunner.config.RunnerConfig;
import dev.lambdarunner.invoke.FunctionInvoker;
import dev.lambdarunner.invoke.InvokeException;
import dev.lambdarunner.invoke.SdkFunctionInvoker;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Optional;

/**
 * Starts a poll by invoking this very function asynchronously ({@code InvocationType=Event}, payload
 * {@code {"trigger":"webhook"}}); needs {@code lambda:InvokeFunction} on the function itself. The Lambda client is
 * made on first use and kept for warm invocations.
 */
@ApplicationScoped
class SelfInvoke implements PollStarter {

    /** Accepting an Event invocation takes milliseconds; this bound keeps the webhook answer under GitLab's 10 s. */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(6);

    private final RunnerConfig config;
    private SdkFunctionInvoker invoker;

    SelfInvoke(RunnerConfig config) {
        this.config = config;
    }

    @Override
    public void startPoll() throws InvokeException {
        String function = config.lambda().functionName()
                .or(() -> Optional.ofNullable(System.getenv("AWS_LAMBDA_FUNCTION_NAME")))
                .filter(name -> !name.isBlank())
                .orElseThrow(() -> new InvokeException("starting a poll: the function's own name is unknown: set "
                        + "RUNNER_LAMBDA_FUNCTION_NAME (AWS_LAMBDA_FUNCTION_NAME is set only inside Lambda)", 0, null));
        invoker().invokeAsync(function, Trigger.WEBHOOK.payload());
    }

    private synchronized FunctionInvoker invoker() throws InvokeException {
        if (invoker == null) {
            try {
                invoker = SdkFunctionInvoker.create(config.lambda().endpointOverride(), CALL_TIMEOUT);
            } catch (IllegalArgumentException e) {
                throw new InvokeException("starting a poll: " + e.getMessage(), 0, e);
            }
        }
        return invoker;
    }

    @PreDestroy
    synchronized void close() {
        if (invoker != null) {
            invoker.close();
        }
    }
}
