package dev.lambdarunner.cli;

import dev.lambdarunner.config.RunnerConfig;
import dev.lambdarunner.invoke.SdkFunctionInvoker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;

/**
 * {@code keepalive}: keeps the function polling from a machine that holds nothing but {@code lambda:InvokeFunction}
 * on it. Invokes it ({@code {"trigger":"keepalive"}}, RequestResponse) whenever the previous invocation has returned
 * and {@code --min-interval} has passed since it started, backs off exponentially on errors, prints one line per
 * invocation, and ends with exit 0 on Ctrl-C or SIGTERM without waiting for an invocation in flight.
 */
@Command(name = "keepalive", mixinStandardHelpOptions = true,
        description = "Invoke the Lambda function again and again so that it keeps polling GitLab.")
public class KeepaliveCommand implements Callable<Integer> {

    /** Lambda's longest invocation plus a margin: a synchronous invoke waits for the whole poll session. */
    static final Duration CALL_TIMEOUT = Duration.ofMinutes(16);

    @Spec
    CommandSpec spec;

    @Option(names = "--function", paramLabel = "NAME",
            description = "Function name or ARN (env RUNNER_LAMBDA_FUNCTION_NAME).")
    String function;

    @Option(names = "--min-interval", paramLabel = "DURATION", defaultValue = "PT1M",
            description = "Least time between the starts of two invocations, ISO-8601 (default ${DEFAULT-VALUE}).")
    Duration minInterval;

    @Option(names = "--max-backoff", paramLabel = "DURATION", defaultValue = "PT5M",
            description = "Longest wait after failed invocations; the wait doubles per failure in a row (default ${DEFAULT-VALUE}).")
    Duration maxBackoff;

    @Option(names = "--max-invocations", paramLabel = "N",
            description = "Stop after N invocations; exit 1 if the last one failed (default: until stopped).")
    Integer maxInvocations;

    private final RunnerConfig config;

    public KeepaliveCommand(RunnerConfig config) {
        this.config = config;
    }

    @Override
    public Integer call() {
        String name = RequiredSetting.resolve(spec, function, config.lambda().functionName(), "function name",
                "pass --function or set RUNNER_LAMBDA_FUNCTION_NAME");
        if (maxInvocations != null && maxInvocations < 1) {
            throw new ParameterException(spec.commandLine(), "--max-invocations must be at least 1, was " + maxInvocations);
        }
        if (minInterval.isNegative() || maxBackoff.isNegative()) {
            throw new ParameterException(spec.commandLine(), "--min-interval and --max-backoff must not be negative");
        }
        OptionalInt limit = Optional.ofNullable(maxInvocations).map(OptionalInt::of).orElse(OptionalInt.empty());
        try (SdkFunctionInvoker invoker = SdkFunctionInvoker.create(config.lambda().endpointOverride(), CALL_TIMEOUT);
             StopSignal stop = StopSignal.onInterrupt()) {
            return new KeepaliveLoop(invoker, name, new KeepaliveSchedule(minInterval, maxBackoff), Clock.systemUTC(),
                    stop, spec.commandLine().getOut()).run(limit, stop);
        }
    }
}
