package dev.lambdarunner.sensitive;

import java.util.Objects;

/**
 * A secret value: a runner token, a job token (and the repository URL that carries it), a webhook secret, STS
 * credentials, a credential set's values. Prints as {@code [MASKED]} so it cannot leak
 * through a log line, an exception message or a {@code toString()} of a record holding it; {@link #value()} is
 * called only where the value is used (on the wire, in a child's environment, in the job log's masker). It lives
 * in a package of its own that depends on nothing, so every package (gitlab at the bottom included) can hold one. Has no
 * {@code equals} (comparing secrets is done in constant time where it matters) and no serializer.
 */
public final class Secret {

    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    /** @throws IllegalArgumentException if {@code value} is null or empty: an empty secret is a mistake */
    public static Secret of(String value) {
        Objects.requireNonNull(value, "secret value");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("a secret value must not be empty");
        }
        return new Secret(value);
    }

    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return "[MASKED]";
    }
}
