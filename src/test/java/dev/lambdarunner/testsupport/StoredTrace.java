package dev.lambdarunner.testsupport;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;

/** The trace bytes GitLab holds for one job, exactly as received. Not thread-safe: the owning job guards it. */
final class StoredTrace {
    private byte[] bytes = new byte[256];
    private int length;

    int length() {
        return length;
    }

    void append(byte[] chunk) {
        if (length + chunk.length > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + chunk.length));
        }
        System.arraycopy(chunk, 0, bytes, length, chunk.length);
        length += chunk.length;
    }

    void truncate(int newLength) {
        length = Math.min(length, Math.max(0, newLength));
    }

    byte[] copy() {
        return Arrays.copyOf(bytes, length);
    }

    String text() {
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    /** {@code crc32:<8 lowercase hex>}, the format the runner reports in {@code output.checksum}. */
    String checksum() {
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, length);
        return String.format("crc32:%08x", crc.getValue());
    }

    /** First index {@code >= from} where {@code needle} starts, or -1. */
    int indexOf(byte[] needle, int from) {
        for (int i = Math.max(0, from); needle.length > 0 && i <= length - needle.length; i++) {
            if (Arrays.equals(bytes, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        return -1;
    }
}
