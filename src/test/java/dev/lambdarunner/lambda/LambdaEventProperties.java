package dev.lambdarunner.lambda;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Whatever a caller sends, the function either understands it or says so; it never fails in another way. */
class LambdaEventProperties {

    private static final String CANARY = "Zq9-canary-value";

    @Property(tries = 500)
    void anyEventIsEitherUnderstoodOrRefusedWithAMessageThatEchoesNoValue(@ForAll("events") Map<String, Object> event) {
        try {
            LambdaEvent parsed = LambdaEvent.parse(event);
            assertThat(parsed).isNotNull();
            if (parsed instanceof UrlRequest request) {
                assertThat(request.toString()).doesNotContain(CANARY);
            }
        } catch (UnknownEventException e) {
            assertThat(e.getMessage()).startsWith("reading the Lambda event: ").doesNotContain(CANARY);
        }
    }

    @Provide
    Arbitrary<Map<String, Object>> events() {
        Arbitrary<String> keys = Arbitraries.of("trigger", "requestContext", "headers", "body", "isBase64Encoded",
                "httpMethod", "source", "detail-type", "x");
        Arbitrary<Object> leaves = Arbitraries.oneOf(
                Arbitraries.of("schedule", "webhook", "keepalive", "aws.events", "Scheduled Event", "POST", "true",
                        CANARY + "!", "e30="),
                Arbitraries.strings().ofMaxLength(8).map(s -> CANARY + s),
                Arbitraries.integers().map(i -> (Object) i),
                Arbitraries.just(null));
        Arbitrary<Object> values = Arbitraries.oneOf(leaves,
                Arbitraries.maps(keys, leaves).ofMaxSize(3).map(m -> (Object) m),
                Arbitraries.maps(Arbitraries.of("http", "method"), Arbitraries.maps(keys, leaves).ofMaxSize(2)
                        .map(m -> (Object) m)).ofMaxSize(2).map(m -> (Object) m));
        return Arbitraries.maps(keys, values).ofMaxSize(5);
    }
}
