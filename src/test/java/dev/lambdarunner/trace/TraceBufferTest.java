package dev.lambdarunner.trace;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

import static org.assertj.core.api.Assertions.assertThat;

class TraceBufferTest {

    private static final String NOTE = "\nJob's log exceeded limit of 10 bytes.\n"
            + "Job execution will continue but no more output will be collected.\n";

    private static void append(TraceBuffer buffer, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        buffer.append(b, 0, b.length);
    }

    private static String all(TraceBuffer buffer) {
        return new String(buffer.read(0, Integer.MAX_VALUE), StandardCharsets.UTF_8);
    }

    static String crc32(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return String.format("crc32:%08x", crc.getValue());
    }

    @Test
    void keepsEverythingUpToTheLimit() {
        TraceBuffer buffer = new TraceBuffer(10);
        append(buffer, "12345");
        append(buffer, "67890");

        assertThat(all(buffer)).isEqualTo("1234567890");
        assertThat(buffer.truncated()).isFalse();
    }

    @Test
    void cutsAtTheLimitAddsTheNoteOnceAndDropsTheRest() {
        TraceBuffer buffer = new TraceBuffer(10);
        append(buffer, "1234567");
        append(buffer, "89abc");
        append(buffer, "more");

        assertThat(all(buffer)).isEqualTo("123456789a" + NOTE);
        assertThat(buffer.size()).isEqualTo(10 + NOTE.length());
        assertThat(buffer.truncated()).isTrue();
    }

    @Test
    void checksumCoversExactlyTheBytesHeld() {
        TraceBuffer buffer = new TraceBuffer(10);
        assertThat(buffer.checksum()).isEqualTo("crc32:00000000");
        append(buffer, "123456789abcdef");

        assertThat(buffer.checksum()).isEqualTo(crc32(("123456789a" + NOTE).getBytes(StandardCharsets.UTF_8)));
        assertThat(new TraceBuffer(100)).satisfies(b -> {
            append(b, "123456789");
            assertThat(b.checksum()).isEqualTo("crc32:cbf43926");
        });
    }

    @Test
    void readsSlicesAndNothingPastTheEnd() {
        TraceBuffer buffer = new TraceBuffer(100);
        append(buffer, "abcdef");

        assertThat(buffer.read(2, 3)).isEqualTo("cde".getBytes(StandardCharsets.UTF_8));
        assertThat(buffer.read(4, 100)).isEqualTo("ef".getBytes(StandardCharsets.UTF_8));
        assertThat(buffer.read(6, 10)).isEmpty();
        assertThat(buffer.read(50, 10)).isEmpty();
    }

    @Test
    void concurrentAppendsLoseNothing() throws InterruptedException {
        TraceBuffer buffer = new TraceBuffer(1_000_000);
        Thread[] writers = new Thread[4];
        for (int t = 0; t < writers.length; t++) {
            writers[t] = new Thread(() -> {
                for (int i = 0; i < 1000; i++) {
                    append(buffer, "0123456789");
                }
            });
            writers[t].start();
        }
        for (Thread w : writers) {
            w.join();
        }
        assertThat(buffer.size()).isEqualTo(40_000);
        assertThat(buffer.checksum()).isEqualTo(crc32(buffer.read(0, 40_000)));
    }
}
