package dev.lambdarunner.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Duration;

/**
 * The deadline Lambda gives each invocation. Without a {@code Lambda-Runtime-Deadline-Ms} header (not a real
 * Lambda) the remaining time is negative, so no job is ever requested.
 */
@ApplicationScoped
@DefaultBean
class ContextDeadlines implements DeadlineSource {

    @Override
    public Deadline of(Context context) {
        return Deadline.in(Duration.ofMillis(context.getRemainingTimeInMillis()), Clock.systemUTC());
    }
}
