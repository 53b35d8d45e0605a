package dev.lambdarunner.sensitive;

import org.junit.jupiter.api.Test;

import java.text.MessageFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretTest {

    static final String VALUE = "glrt-SECRETSECRETSECRET";

    /** A record the way the runner holds tokens: next to plain fields, inside Optionals and collections. */
    record Holder(String name, Secret token, Optional<Secret> other, Map<String, Secret> byName) {
    }

    private final Holder holder = new Holder("runner", Secret.of(VALUE), Optional.of(Secret.of(VALUE + "2")),
            Map.of("job", Secret.of(VALUE + "3")));

    @Test
    void aRecordHoldingSecretsNeverPrintsTheirValues() {
        List<String> printed = List.of(holder.toString(), String.valueOf(holder), String.format("holder=%s", holder),
                "" + holder, MessageFormat.format("holder={0}", holder), // JBoss Logger's infov formats this way
                String.format("token=%s other=%s", holder.token(), holder.other()), List.of(holder).toString());

        assertThat(printed).allSatisfy(line -> assertThat(line).doesNotContain(VALUE).contains("[MASKED]"));
    }

    @Test
    void theValueIsThereForWhoeverAsksForIt() {
        assertThat(holder.token().value()).isEqualTo(VALUE);
    }

    @Test
    void anEmptyOrMissingValueIsAMistake() {
        assertThatThrownBy(() -> Secret.of("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Secret.of(null)).isInstanceOf(NullPointerException.class);
    }
}
