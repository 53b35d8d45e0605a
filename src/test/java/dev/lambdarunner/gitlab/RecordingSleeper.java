package dev.lambdarunner.gitlab;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Records the waits asked for instead of sleeping, so retry tests take no time. */
final class RecordingSleeper implements Sleeper {

    private final List<Duration> delays = new ArrayList<>();

    @Override
    public synchronized void sleep(Duration d) {
        delays.add(d);
    }

    synchronized List<Duration> delays() {
        return List.copyOf(delays);
    }
}
