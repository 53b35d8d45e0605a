package dev.lambdarunner.lambda;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One event the function understands: a poll request ({@code {"trigger":"schedule|keepalive|webhook"}}, or an
 * EventBridge rule's scheduled event), or a Function URL request (GitLab's job webhook).
 */
sealed interface LambdaEvent permits LambdaEvent.Poll, UrlRequest {

    /** A direct invocation that asks for a poll session. */
    record Poll(Trigger trigger) implements LambdaEvent {
    }

    /**
     * Reads {@code event} leniently (unknown fields are ignored).
     *
     * @throws UnknownEventException naming what the event lacks; the message lists field names only, never values
     */
    static LambdaEvent parse(Map<String, Object> event) {
        if (event == null || event.isEmpty()) {
            throw new UnknownEventException("reading the Lambda event: it is empty; " + EXPECTED);
        }
        Optional<UrlRequest> request = UrlRequest.from(event);
        if (request.isPresent()) {
            return request.get();
        }
        Object trigger = event.get("trigger");
        if (trigger != null) {
            return new Poll(Trigger.of(trigger.toString()).orElseThrow(() -> new UnknownEventException(
                    "reading the Lambda event: unknown trigger; " + EXPECTED)));
        }
        if ("aws.events".equals(event.get("source")) && "Scheduled Event".equals(event.get("detail-type"))) {
            return new Poll(Trigger.SCHEDULE);
        }
        throw new UnknownEventException("reading the Lambda event: unknown event with fields " + fieldNames(event)
                + "; " + EXPECTED);
    }

    String EXPECTED = "expected {\"trigger\":\"schedule\"}, {\"trigger\":\"keepalive\"}, {\"trigger\":\"webhook\"},"
            + " an EventBridge scheduled event, or a Function URL request (payload format 2.0)";

    private static String fieldNames(Map<String, Object> event) {
        return event.keySet().stream().limit(10).map(k -> clip(String.valueOf(k))).collect(Collectors.joining(", ", "[", "]"));
    }

    /** A short, printable form of untrusted text. */
    private static String clip(String text) {
        String printable = text.replaceAll("[^\\p{Alnum}_.:-]", "?");
        return printable.length() > 40 ? printable.substring(0, 40) + "..." : printable;
    }
}
