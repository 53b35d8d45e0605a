package dev.lambdarunner.script;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.params.provider.Arguments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** How the tests of this package state a refused script line: one table row per line, one check of the refusal. */
final class Refusals {

    private Refusals() {
    }

    /** A row of a refusal table: the line (shown in the report as {@code name}) and a part of its reason. */
    static Arguments no(String name, String line, String reason) {
        return arguments(named(name, line), reason);
    }

    /** {@code check} refuses a line in the runner's words, {@code refused script line '...': <reason>}. */
    static void assertRefused(ThrowingCallable check, String reason) {
        assertThatThrownBy(check).isInstanceOfSatisfying(ScriptRejectedException.class, e -> {
            assertThat(e).hasMessageStartingWith("refused script line '");
            assertThat(e.reason()).contains(reason);
        });
    }

    /** As {@link #assertRefused(ThrowingCallable, String)}, naming {@code line} as written. */
    static void assertRefused(ThrowingCallable check, String line, String reason) {
        assertRefused(check, reason);
        assertThatThrownBy(check).hasMessageStartingWith("refused script line '" + line + "': ");
    }
}
