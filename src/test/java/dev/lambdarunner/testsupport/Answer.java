package dev.lambdarunner.testsupport;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * One scripted answer of the fake GitLab ({@link Faults#answerNext}), sent instead of what the fake would answer:
 * for status codes, headers and bodies the simulation never produces (a 520, a real GitLab's payload, HTML).
 * {@code delay} holds the answer back, for client timeouts.
 */
public record Answer(int status, Map<String, String> headers, byte[] body, Duration delay) {

    public Answer {
        headers = Map.copyOf(headers);
    }

    public static Answer of(int status) {
        return new Answer(status, Map.of(), new byte[0], Duration.ZERO);
    }

    public static Answer of(int status, Map<String, String> headers) {
        return new Answer(status, headers, new byte[0], Duration.ZERO);
    }

    public static Answer json(int status, String body) {
        return new Answer(status, Map.of("Content-Type", "application/json"), body.getBytes(StandardCharsets.UTF_8),
                Duration.ZERO);
    }

    public Answer withHeader(String name, String value) {
        Map<String, String> more = new HashMap<>(headers);
        more.put(name, value);
        return new Answer(status, more, body, delay);
    }

    public Answer delayedBy(Duration d) {
        return new Answer(status, headers, body, d);
    }

    Reply reply() {
        return new Reply(status, headers, body);
    }
}
