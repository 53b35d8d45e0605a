package dev.lambdarunner.trace;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One thing the masker looks for: either a secret value ({@code run == null}, replaced whole) or a public head
 * followed by at least one byte of {@code run}, of which only the run is replaced.
 */
final class MaskPattern {

    /** The bytes at this position can never match. */
    static final int DEAD = -1;
    /** The match depends on bytes not yet written. */
    static final int PARTIAL = -2;
    /** Head and run matched up to the last byte written; the run may go on. */
    static final int OPEN = -3;

    private final byte[] head;
    private final boolean ignoreCase;
    private final RunClass run;

    private MaskPattern(byte[] head, boolean ignoreCase, RunClass run) {
        this.head = head;
        this.ignoreCase = ignoreCase;
        this.run = run;
    }

    static MaskPattern value(String secret) {
        return new MaskPattern(secret.getBytes(StandardCharsets.UTF_8), false, null);
    }

    static MaskPattern tokenPrefix(String prefix) {
        return new MaskPattern(prefix.getBytes(StandardCharsets.UTF_8), false, RunClass.TOKEN);
    }

    /** {@code separator} is {@code ?} or {@code &}; parameter names match regardless of ASCII case. */
    static MaskPattern urlParameter(char separator, String name) {
        String head = separator + name.toLowerCase(Locale.ROOT) + "=";
        return new MaskPattern(head.getBytes(StandardCharsets.US_ASCII), true, RunClass.URL_VALUE);
    }

    boolean isValue() {
        return run == null;
    }

    int headLength() {
        return head.length;
    }

    RunClass run() {
        return run;
    }

    /** The first bytes a match can start with. */
    byte[] startBytes() {
        byte first = head[0];
        return ignoreCase ? new byte[] {first, upper(first)} : new byte[] {first};
    }

    /**
     * Matches this pattern at {@code buf[i]}, where {@code buf[end]} is the first byte not yet written and
     * {@code eof} says none will follow. Returns the match length, or {@link #DEAD}, {@link #PARTIAL} or
     * {@link #OPEN}.
     */
    int matchAt(byte[] buf, int i, int end, boolean eof) {
        for (int k = 0; k < head.length; k++) {
            if (i + k == end) {
                return eof ? DEAD : PARTIAL;
            }
            if (!same(buf[i + k], head[k])) {
                return DEAD;
            }
        }
        if (run == null) {
            return head.length;
        }
        int runStart = i + head.length;
        int j = runStart;
        while (j < end && run.contains(buf[j])) {
            j++;
        }
        if (j == end && !eof) {
            return j == runStart ? PARTIAL : OPEN;
        }
        return j == runStart ? DEAD : j - i;
    }

    private boolean same(byte actual, byte expected) {
        return actual == expected || ignoreCase && upper(expected) == actual;
    }

    private static byte upper(byte b) {
        return b >= 'a' && b <= 'z' ? (byte) (b - 'a' + 'A') : b;
    }

    /** Never the bytes: a value pattern holds a secret. */
    @Override
    public String toString() {
        return isValue() ? "MaskPattern[value]" : "MaskPattern[head, " + run + "]";
    }
}
