package dev.lambdarunner.trace;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.zip.CRC32;

/**
 * The job log as GitLab must end up holding it: the masked bytes, in order, capped at a byte limit. When an
 * append would pass the limit, what fits is kept, a note saying the log was cut is added once (so the log
 * ends slightly past the limit, as with gitlab-runner), and everything after is dropped. Thread-safe.
 */
public final class TraceBuffer {

    /** Room for the limit note above the limit: arrays cannot reach {@link Integer#MAX_VALUE}. */
    private static final long MAX_LIMIT = Integer.MAX_VALUE - 1024;

    private final long limitBytes;
    private final CRC32 crc = new CRC32();
    private byte[] data = new byte[8192];
    private int size;
    private boolean truncated;

    /** @param limitBytes the most bytes of output kept, the limit note not counted */
    public TraceBuffer(long limitBytes) {
        if (limitBytes < 0 || limitBytes > MAX_LIMIT) {
            throw new IllegalArgumentException("creating trace buffer: limit " + limitBytes + " out of range");
        }
        this.limitBytes = limitBytes;
    }

    /** Appends masked output; past the limit it is cut as described above. */
    public synchronized void append(byte[] b, int off, int len) {
        Objects.checkFromIndexSize(off, len, b.length);
        if (truncated || len == 0) {
            return;
        }
        long room = limitBytes - size;
        if (len <= room) {
            put(b, off, len);
            return;
        }
        put(b, off, (int) room);
        byte[] note = limitNote(limitBytes);
        put(note, 0, note.length);
        truncated = true;
    }

    /** Bytes held, the limit note included. */
    public synchronized long size() {
        return size;
    }

    /** A copy of up to {@code maxLen} bytes from {@code offset}; empty when {@code offset >= size()}. */
    public synchronized byte[] read(long offset, int maxLen) {
        if (offset < 0 || maxLen < 0) {
            throw new IllegalArgumentException("reading trace buffer: negative offset or length");
        }
        if (offset >= size) {
            return new byte[0];
        }
        int from = (int) offset;
        return Arrays.copyOfRange(data, from, (int) Math.min(size, from + (long) maxLen));
    }

    /** {@code crc32:} and 8 lowercase hex digits: CRC-32 (IEEE) of every byte held, as the final PUT reports it. */
    public synchronized String checksum() {
        return String.format("crc32:%08x", crc.getValue());
    }

    /** Whether output was dropped because of the limit. */
    public synchronized boolean truncated() {
        return truncated;
    }

    static byte[] limitNote(long limitBytes) {
        return ("\nJob's log exceeded limit of " + limitBytes + " bytes.\n"
                + "Job execution will continue but no more output will be collected.\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    private void put(byte[] b, int off, int len) {
        if (size + len > data.length) {
            data = Arrays.copyOf(data, (int) Math.min(MAX_LIMIT + 1024, Math.max(2L * data.length, size + len)));
        }
        System.arraycopy(b, off, data, size, len);
        crc.update(b, off, len);
        size += len;
    }
}
