package dev.lambdarunner.lambda;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every event that is no JSON object gets the documented error, naming none of its content. */
class EventReaderTest {

    private static final String SECRET = "glrt-NOTINANYMESSAGE";

    record Case(String name, String event, String why) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> badEvents() {
        return Stream.of(
                new Case("a JSON array", "[{\"trigger\":\"schedule\"},\"" + SECRET + "\"]", "it is a JSON array, not an object"),
                new Case("a JSON string", "\"" + SECRET + "\"", "it is a JSON string, not an object"),
                new Case("a JSON number", "42", "it is a JSON number, not an object"),
                new Case("JSON null", "null", "it is a JSON null, not an object"),
                new Case("not JSON", SECRET, "it is not JSON (line 1, column "),
                new Case("an object cut short", "{\"trigger\":\"" + SECRET, "it is not JSON (line 1, column "),
                new Case("nothing", "", "it is empty"),
                new Case("2000 levels deep", "{\"a\":".repeat(2000) + "1" + "}".repeat(2000),
                        "it is nested deeper than 64 levels"),
                new Case("2000 arrays deep", "[".repeat(2000) + "]".repeat(2000), "it is nested deeper than 64 levels"));
    }

    @ParameterizedTest
    @MethodSource("badEvents")
    void badEvent_failsWithTheDocumentedMessage(Case c) {
        assertThatThrownBy(() -> new EventReader().read(c.event().getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(UnknownEventException.class)
                .hasMessageStartingWith("reading the Lambda event: " + c.why())
                .hasMessageEndingWith("; " + LambdaEvent.EXPECTED)
                .hasMessageNotContaining(SECRET);
    }

    @Test
    void anObject_isReadWithItsNestedFields() {
        Map<String, Object> event = new EventReader().read(
                "{\"trigger\":\"schedule\",\"requestContext\":{\"http\":{\"method\":\"POST\"}}}".getBytes(StandardCharsets.UTF_8));

        assertThat(LambdaEvent.parse(Map.of("trigger", event.get("trigger")))).isEqualTo(new LambdaEvent.Poll(Trigger.SCHEDULE));
        assertThat(event.get("requestContext")).isEqualTo(Map.of("http", Map.of("method", "POST")));
    }
}
