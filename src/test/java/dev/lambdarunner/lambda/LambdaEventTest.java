package dev.lambdarunner.lambda;

import dev.lambdarunner.sensitive.Secret;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LambdaEventTest {

    static Stream<Arguments> pollEvents() {
        return Stream.of(
                Arguments.of("EventBridge Scheduler input", Map.of("trigger", "schedule"), Trigger.SCHEDULE),
                Arguments.of("keepalive command", Map.of("trigger", "keepalive"), Trigger.KEEPALIVE),
                Arguments.of("webhook self-invoke", Map.of("trigger", "webhook"), Trigger.WEBHOOK),
                Arguments.of("case and blanks ignored", Map.of("trigger", " Schedule "), Trigger.SCHEDULE),
                Arguments.of("unknown fields ignored", Map.of("trigger", "schedule", "note", 1), Trigger.SCHEDULE),
                Arguments.of("EventBridge rule", Map.of("source", "aws.events", "detail-type", "Scheduled Event",
                        "detail", Map.of()), Trigger.SCHEDULE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pollEvents")
    void aDirectInvocationAsksForAPoll(String name, Map<String, Object> event, Trigger expected) {
        assertThat(LambdaEvent.parse(event)).isEqualTo(new LambdaEvent.Poll(expected));
    }

    @Test
    void aFunctionUrlRequestIsReadWithCaseInsensitiveHeadersAndABase64Body() {
        Map<String, Object> event = new HashMap<>();
        event.put("requestContext", Map.of("http", Map.of("method", "post")));
        event.put("headers", Map.of("X-Gitlab-Token", "t0ken"));
        event.put("body", Base64.getEncoder().encodeToString("{\"a\":1}".getBytes(StandardCharsets.UTF_8)));
        event.put("isBase64Encoded", true);

        UrlRequest request = (UrlRequest) LambdaEvent.parse(event);

        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.gitlabToken().map(Secret::value)).contains("t0ken");
        assertThat(request.header("x-gitlab-token")).as("held as a secret only").isEmpty();
        assertThat(new String(request.body(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
        assertThat(request.toString()).doesNotContain("t0ken");
    }

    @Test
    void aPayload1RequestWithoutBodyIsReadToo() {
        UrlRequest request = (UrlRequest) LambdaEvent.parse(Map.of("httpMethod", "GET", "headers", Map.of()));

        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.body()).isEmpty();
        assertThat(request.gitlabToken()).isEmpty();
    }

    static Stream<Arguments> unknownEvents() {
        return Stream.of(
                Arguments.of(Map.of(), "it is empty"),
                Arguments.of(Map.of("trigger", "sweep-now"), "unknown trigger"),
                Arguments.of(Map.of("Records", "s3", "secretish", "value-never-shown"), "fields [")
        );
    }

    @ParameterizedTest
    @MethodSource("unknownEvents")
    void anyOtherEventIsRefusedSayingWhatIsExpectedWithoutEchoingValues(Map<String, Object> event, String reason) {
        assertThatThrownBy(() -> LambdaEvent.parse(event)).isInstanceOf(UnknownEventException.class)
                .hasMessageStartingWith("reading the Lambda event: ").hasMessageContaining(reason)
                .hasMessageContaining("{\"trigger\":\"schedule\"}")
                .message().doesNotContain("value-never-shown", "sweep-now");
    }

    @Test
    void aMissingEventIsRefused() {
        assertThatThrownBy(() -> LambdaEvent.parse(null)).isInstanceOf(UnknownEventException.class);
    }
}
