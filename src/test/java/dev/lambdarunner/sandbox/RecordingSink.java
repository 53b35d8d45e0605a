package dev.lambdarunner.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A sink that makes bytes visible only when flushed, the way a buffered trace writer would: a reader that forgot
 * to flush after each chunk would show nothing until the end.
 */
final class RecordingSink extends OutputStream {

    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private final ByteArrayOutputStream visible = new ByteArrayOutputStream();

    @Override
    public synchronized void write(int b) {
        pending.write(b);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        pending.write(b, off, len);
    }

    @Override
    public synchronized void flush() {
        visible.writeBytes(pending.toByteArray());
        pending.reset();
        notifyAll();
    }

    /** Everything flushed so far. */
    synchronized String text() {
        return visible.toString(StandardCharsets.UTF_8);
    }

    /** Waits until the flushed text contains {@code part}; false when {@code limit} passes first. */
    synchronized boolean awaitText(String part, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!text().contains(part)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }
}
