package dev.lambdarunner.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

/**
 * Copies a process's merged output to its sink as it arrives, in whatever chunks the pipe delivers: waiting for a
 * newline would hold back Terraform's progress lines, which must reach the job trace quickly.
 */
final class OutputPump implements Runnable {

    private static final Logger LOG = Logger.getLogger(OutputPump.class);

    private final InputStream source;
    private final OutputStream sink;
    private final CountDownLatch drained = new CountDownLatch(1);

    private OutputPump(InputStream source, OutputStream sink) {
        this.source = source;
        this.sink = sink;
    }

    /** Starts copying on a daemon thread named {@code threadName}. */
    static OutputPump start(InputStream source, OutputStream sink, String threadName) {
        OutputPump pump = new OutputPump(source, sink);
        Thread thread = new Thread(pump, threadName);
        thread.setDaemon(true);
        thread.start();
        return pump;
    }

    @Override
    public void run() {
        byte[] buffer = new byte[8192];
        boolean sinkWorks = true;
        try (source) {
            int read;
            while ((read = source.read(buffer)) != -1) {
                // Keep reading after the sink fails: a full pipe would otherwise block the process forever.
                sinkWorks = sinkWorks && copy(buffer, read);
            }
        } catch (IOException e) {
            LOG.debugf("Reading sandbox output... ended early cause=%s", e.getMessage());
        } finally {
            drained.countDown();
        }
    }

    private boolean copy(byte[] buffer, int length) {
        try {
            sink.write(buffer, 0, length);
            sink.flush();
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.warnf("Copying sandbox output... failed, discarding the rest cause=%s", e.toString());
            return false;
        }
    }

    /** Waits until the source reached end of stream (every writer of the pipe is gone); false if still open. */
    boolean awaitDrained(Duration limit) throws InterruptedException {
        return drained.await(limit.toNanos(), TimeUnit.NANOSECONDS);
    }
}
