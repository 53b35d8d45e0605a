package dev.lambdarunner.testsupport;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Protocol violations found in what the runner sent, in the order first seen. Identical messages are kept once
 * so that a header missing on every poll does not drown the rest. Messages never contain token values.
 */
final class Violations {
    private final Set<String> messages = new LinkedHashSet<>();

    void add(Call call, String problem) {
        add(call.describe() + ": " + problem);
    }

    synchronized void add(String message) {
        messages.add(message);
    }

    synchronized List<String> list() {
        return List.copyOf(messages);
    }
}
