package dev.lambdarunner.sandbox;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A sleep duration unique to one test ({@link LiveProcesses#uniqueSleep()}), to find the processes the test started
 * in /proc; after the test it kills whatever still carries it, so a failed test leaves nothing running.
 */
final class MarkedSleeps implements AfterEachCallback {

    private final String marker = LiveProcesses.uniqueSleep();

    String marker() {
        return marker;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        LiveProcesses.killWithMarker(marker);
    }
}
