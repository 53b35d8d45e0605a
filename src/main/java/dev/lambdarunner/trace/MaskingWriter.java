package dev.lambdarunner.trace;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Arrays;
import java.util.Objects;

/**
 * Masks a job's output before it reaches the trace (protocol reference §5.2). Works on bytes, with secret
 * values taken as UTF-8:
 * <ul>
 *   <li>every occurrence of a secret value becomes {@code [MASKED]}, and so does every occurrence of its
 *       JSON-escaped and percent-encoded forms ({@link MaskForms});</li>
 *   <li>after a token prefix ({@code glrt-abc_1.2}) the run of {@code [A-Za-z0-9._=-]} becomes
 *       {@code [MASKED]} and the prefix stays ({@code glrt-[MASKED]});</li>
 *   <li>the values of the URL query parameters {@code private_token}, {@code authenticity_token},
 *       {@code rss_token}, {@code X-Amz-Signature}, {@code X-Amz-Credential} and {@code X-Amz-Security-Token}
 *       (names in any ASCII case) become {@code [MASKED]}, up to the next {@code &}, {@code ?}, whitespace or
 *       control character.</li>
 * </ul>
 * At one position the longest match wins; all other bytes pass unchanged. The output does not depend on how
 * the input is split into {@code write} calls: bytes that could still begin a match are held back until the
 * following bytes decide it, and everything before them is passed on at once. Not thread-safe; callers
 * serialise writes.
 */
public final class MaskingWriter extends OutputStream {

    static final byte[] MASKED = "[MASKED]".getBytes(StandardCharsets.US_ASCII);

    private final OutputStream downstream;
    private MaskSpec spec;
    private MaskMatcher matcher;
    private byte[] pending = new byte[256];
    private int pendingLength;
    /** Set while the rest of an already masked token run is being dropped. */
    private RunClass dropping;
    private boolean closed;

    /** @param downstream receives the masked bytes; {@link #close()} does not close it */
    public MaskingWriter(OutputStream downstream, MaskSpec spec) {
        this.downstream = Objects.requireNonNull(downstream, "downstream");
        this.spec = spec;
        this.matcher = new MaskMatcher(spec);
    }

    /**
     * Masks {@code more} values from now on, e.g. credentials a job obtained after its trace began. Held bytes
     * are decided by the extended set too, so a value already partly written is still caught; bytes already
     * passed on stay as they were (they could not have held a value nobody had yet).
     */
    public void addValues(Collection<String> more) {
        spec = spec.withValues(more);
        matcher = new MaskMatcher(spec);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (closed) {
            throw new IOException("writing to masking writer: already closed");
        }
        int from = off;
        int end = off + len;
        while (dropping != null && from < end) {
            if (dropping.contains(b[from])) {
                from++;
            } else {
                dropping = null;
            }
        }
        hold(b, from, end - from);
        release(false);
    }

    /** Passes on downstream's flush. Bytes that could still begin a match stay held: flushing must not leak them. */
    @Override
    public void flush() throws IOException {
        downstream.flush();
    }

    /**
     * Releases the held bytes, masking what matches now that no more input follows, and flushes downstream.
     * Does <em>not</em> close downstream: the trace outlives the writer. Later writes fail; closing twice is a
     * no-op.
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        release(true);
        downstream.flush();
    }

    private void hold(byte[] b, int off, int len) {
        if (pendingLength + len > pending.length) {
            pending = Arrays.copyOf(pending, Math.max(pending.length * 2, pendingLength + len));
        }
        System.arraycopy(b, off, pending, pendingLength, len);
        pendingLength += len;
    }

    /** Writes out every position already decided and keeps the rest. */
    private void release(boolean eof) throws IOException {
        int i = 0;
        int plainFrom = 0;
        while (i < pendingLength) {
            MaskMatcher.Decision d = matcher.decide(pending, i, pendingLength, eof);
            if (d.kind() == MaskMatcher.Kind.UNDECIDED) {
                break;
            }
            if (d.kind() == MaskMatcher.Kind.PLAIN) {
                i++;
                continue;
            }
            downstream.write(pending, plainFrom, i - plainFrom);
            writeReplacement(d.pattern(), i);
            i += d.length();
            plainFrom = i;
            if (d.kind() == MaskMatcher.Kind.OPEN_MATCH) {
                dropping = d.pattern().run();
            }
        }
        downstream.write(pending, plainFrom, i - plainFrom);
        System.arraycopy(pending, i, pending, 0, pendingLength - i);
        pendingLength -= i;
    }

    /** A head (token prefix, URL parameter) is kept as written, including its case. */
    private void writeReplacement(MaskPattern pattern, int at) throws IOException {
        if (!pattern.isValue()) {
            downstream.write(pending, at, pattern.headLength());
        }
        downstream.write(MASKED);
    }
}
