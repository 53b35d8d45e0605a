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

    /** Not an HTTP status: marks {@link #hangUp()}. */
    private static final int HANG_UP = 0;

    public Answer {
        headers = Map.copyOf(headers);
    }

    public static Answer of(int status) {
        return new Answer(status, Map.of(), new byte[0], Duration.ZERO);
    }

    public static Answer of(int status, Map<String, String> headers) {
        return new Answer(status, headers, new byte[0], Duration.ZERO);
    }

    /** A plain-text answer, e.g. GitLab's {@code 202} body of a job update. */
    public static Answer text(int status, String body) {
        return new Answer(status, Map.of("Content-Type", "text/plain; charset=utf-8"),
                body.getBytes(StandardCharsets.UTF_8), Duration.ZERO);
    }

    /**
     * No answer at all: the connection is closed once the request is read (a proxy dropping it), so the runner
     * sees a transport failure. Nothing went out, so the request is not in {@link FakeGitLab#requests()}.
     */
    public static Answer hangUp() {
        return new Answer(HANG_UP, Map.of(), new byte[0], Duration.ZERO);
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

    boolean hangsUp() {
        return status == HANG_UP;
    }

    Reply reply() {
        return new Reply(status, headers, body);
    }
}
