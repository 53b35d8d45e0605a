package dev.lambdarunner.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Duration;

/**
 * The deadline seam for {@code @QuarkusTest}s: Quarkus's mock event server sends no {@code Lambda-Runtime-Deadline-Ms},
 * so each invocation gets the remaining time a test sets here (the production {@link ContextDeadlines} is a default
 * bean and gives way to this one).
 */
@ApplicationScoped
class FixedDeadlines implements DeadlineSource {

    static final Duration LAMBDA_MAX = Duration.ofMinutes(15);
    private static volatile Duration remaining = LAMBDA_MAX;

    /** The remaining time of the following invocations. */
    static void remaining(Duration time) {
        remaining = time;
    }

    static void reset() {
        remaining = LAMBDA_MAX;
    }

    @Override
    public Deadline of(Context context) {
        return Deadline.in(remaining, Clock.systemUTC());
    }
}
