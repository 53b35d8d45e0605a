package dev.lambdarunner.sources;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * Exclusive use of one project cache, between threads of this process (a {@link ReentrantLock}: a JVM cannot hold
 * two {@link FileLock}s on one file) and between processes (a {@link FileChannel#lock} on the lock file).
 * Lock files are never deleted: a waiter would otherwise lock a file nobody else sees.
 */
final class CacheLock implements AutoCloseable {
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();
    private static final long POLL_MILLIS = 50;
    private final ReentrantLock local;
    private final FileChannel channel;
    private final FileLock fileLock;

    private CacheLock(ReentrantLock local, FileChannel channel, FileLock fileLock) {
        this.local = local;
        this.channel = channel;
        this.fileLock = fileLock;
    }

    /** Waits up to {@code wait} (polling {@code cancelled}); empty when the lock did not come in time. */
    static Optional<CacheLock> acquire(Path lockFile, Duration wait, BooleanSupplier cancelled) throws IOException {
        long deadline = System.nanoTime() + wait.toNanos();
        ReentrantLock local = IN_PROCESS.computeIfAbsent(lockFile.toAbsolutePath().normalize(), p -> new ReentrantLock());
        try {
            while (!local.tryLock(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                if (cancelled.getAsBoolean() || System.nanoTime() > deadline) {
                    return Optional.empty();
                }
            }
            Optional<CacheLock> held = lockFile(local, lockFile, deadline, cancelled);
            if (held.isEmpty()) {
                local.unlock();
            }
            return held;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (local.isHeldByCurrentThread()) {
                local.unlock();
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            if (local.isHeldByCurrentThread()) {
                local.unlock();
            }
            throw e;
        }
    }

    private static Optional<CacheLock> lockFile(ReentrantLock local, Path lockFile, long deadline,
                                                BooleanSupplier cancelled) throws IOException, InterruptedException {
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            for (FileLock lock = channel.tryLock(); ; lock = channel.tryLock()) {
                if (lock != null) {
                    return Optional.of(new CacheLock(local, channel, lock));
                }
                if (cancelled.getAsBoolean() || System.nanoTime() > deadline) {
                    channel.close();
                    return Optional.empty();
                }
                Thread.sleep(POLL_MILLIS);
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** The lock if nobody holds it now, else empty. */
    static Optional<CacheLock> tryAcquire(Path lockFile) throws IOException {
        return acquire(lockFile, Duration.ZERO, () -> true);
    }

    @Override
    public void close() throws IOException {
        try {
            fileLock.release();
            channel.close();
        } finally {
            local.unlock();
        }
    }
}
