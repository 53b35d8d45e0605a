package dev.lambdarunner.e2e;

import java.util.HashMap;
import java.util.Map;

/**
 * How the packaged jar, started as a Lambda function, cuts each invocation's time: its GitLab request timeout, the
 * longest job it runs, the reserve it keeps before the deadline and the grace it gives Terraform to stop. The values
 * are ISO-8601 durations, as the runner reads them from its environment.
 */
record FunctionTimes(String requestTimeout, String maxJobTimeout, String reserve, String killGrace) {

    /** A job fits a 15-minute invocation, and no job a 40-second one. */
    static final FunctionTimes ROOMY = new FunctionTimes("PT5S", "PT30S", "PT15S", "PT5S");

    /** {@code base} plus what makes the jar serve {@code lambda}'s invocations with these times. */
    Map<String, String> env(FakeRuntimeApi lambda, Map<String, String> base) {
        Map<String, String> env = new HashMap<>(base);
        env.put("AWS_LAMBDA_RUNTIME_API", lambda.address());
        env.put("RUNNER_GITLAB_REQUEST_TIMEOUT", requestTimeout);
        env.put("RUNNER_MAX_JOB_TIMEOUT", maxJobTimeout);
        env.put("RUNNER_LAMBDA_RESERVE", reserve);
        env.put("RUNNER_SANDBOX_KILL_GRACE", killGrace);
        return env;
    }
}
