package dev.lambdarunner.e2e;

import java.time.Duration;
import java.util.List;

/** Finds processes on this machine by a unique marker in their command line (e.g. {@code sleep 417}). */
public final class LeftoverProcesses {

    private LeftoverProcesses() {
    }

    public static List<String> matching(String marker) {
        return ProcessHandle.allProcesses()
                .filter(ProcessHandle::isAlive)
                .map(p -> p.pid() + " " + p.info().commandLine().orElse(""))
                .filter(line -> line.contains(marker))
                .toList();
    }

    /** Waits briefly for processes to disappear (a kill is asynchronous), then returns what is left. */
    public static List<String> remainingAfter(String marker, Duration settle) throws InterruptedException {
        long end = System.nanoTime() + settle.toNanos();
        List<String> left = matching(marker);
        while (!left.isEmpty() && System.nanoTime() < end) {
            Thread.sleep(100);
            left = matching(marker);
        }
        return left;
    }
}
