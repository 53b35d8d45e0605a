package dev.lambdarunner.lambda;

import java.util.Locale;
import java.util.Optional;

/** Why the function was invoked to poll GitLab: the {@code trigger} of a direct invocation's payload. */
enum Trigger {
    /** EventBridge Scheduler, input {@code {"trigger":"schedule"}} (or an EventBridge rule's scheduled event). */
    SCHEDULE,
    /** The {@code keepalive} command, payload {@code {"trigger":"keepalive"}}. */
    KEEPALIVE,
    /** The function itself, after GitLab's job webhook: payload {@code {"trigger":"webhook"}}. */
    WEBHOOK;

    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The trigger named {@code value} (case and surrounding blanks ignored). */
    static Optional<Trigger> of(String value) {
        for (Trigger t : values()) {
            if (t.wireName().equals(value.strip().toLowerCase(Locale.ROOT))) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** The payload that asks the function to poll for this trigger. */
    String payload() {
        return "{\"trigger\":\"" + wireName() + "\"}";
    }
}
