package dev.lambdarunner.trace;

import java.util.ArrayList;
import java.util.List;

/**
 * Decides, position by position, what the masked log holds. The rule is a pure function of the whole input
 * (leftmost match first; at one position the longest match wins; on equal length a secret value beats a
 * token, and a shorter head beats a longer one because it masks more); {@link #decide} only answers once
 * later bytes cannot change that answer, which is what makes the output independent of write boundaries.
 */
final class MaskMatcher {

    /** URL query parameters whose values are credentials (gitlab-runner's URL sanitizer list). */
    static final List<String> URL_PARAMETERS = List.of("private_token", "authenticity_token", "rss_token",
            "X-Amz-Signature", "X-Amz-Credential", "X-Amz-Security-Token");

    /** What to do with the byte at a position. */
    enum Kind {
        /** Copy the byte unchanged. */
        PLAIN,
        /** Replace {@code length} bytes. */
        MATCH,
        /** Replace everything written so far from here, and the rest of the run that follows. */
        OPEN_MATCH,
        /** Wait for more bytes. */
        UNDECIDED
    }

    record Decision(Kind kind, MaskPattern pattern, int length) {
        static final Decision PLAIN = new Decision(Kind.PLAIN, null, 1);
        static final Decision UNDECIDED = new Decision(Kind.UNDECIDED, null, 0);
    }

    private final List<MaskPattern> patterns = new ArrayList<>();
    private final boolean[] startsMatch = new boolean[256];

    MaskMatcher(MaskSpec spec) {
        // JSON-escaped and percent-encoded forms too: Terraform prints values as JSON, tools print them in URLs
        spec.values().stream().flatMap(v -> MaskForms.of(v).stream()).distinct()
                .forEach(form -> add(MaskPattern.value(form)));
        spec.tokenPrefixes().forEach(p -> add(MaskPattern.tokenPrefix(p)));
        for (String name : URL_PARAMETERS) {
            add(MaskPattern.urlParameter('?', name));
            add(MaskPattern.urlParameter('&', name));
        }
    }

    private void add(MaskPattern pattern) {
        patterns.add(pattern);
        for (byte b : pattern.startBytes()) {
            startsMatch[b & 0xff] = true;
        }
    }

    /** What to do at {@code buf[i]}; {@code buf[end]} is the first byte not written yet, {@code eof}: none will be. */
    Decision decide(byte[] buf, int i, int end, boolean eof) {
        if (!startsMatch[buf[i] & 0xff]) {
            return Decision.PLAIN;
        }
        MaskPattern best = null;
        int bestLength = 0;
        MaskPattern open = null;
        boolean openRunsDiffer = false;
        for (MaskPattern p : patterns) {
            int result = p.matchAt(buf, i, end, eof);
            if (result == MaskPattern.PARTIAL) {
                return Decision.UNDECIDED;
            }
            if (result == MaskPattern.OPEN) {
                openRunsDiffer |= open != null && open.run() != p.run();
                open = open == null || p.headLength() < open.headLength() ? p : open;
            } else if (result > 0 && beats(p, result, best, bestLength)) {
                best = p;
                bestLength = result;
            }
        }
        if (open != null) {
            return decideOpen(open, openRunsDiffer, end - i, bestLength);
        }
        return best == null ? Decision.PLAIN : new Decision(Kind.MATCH, best, bestLength);
    }

    /**
     * Every open match reaches the last byte written, so open matches with the same run end together and the
     * shortest head wins. The open match wins outright once it is longer than every complete one; until then,
     * or while open runs of different classes compete, the answer waits.
     */
    private static Decision decideOpen(MaskPattern open, boolean openRunsDiffer, int openLength, int bestLength) {
        if (openRunsDiffer || openLength <= bestLength) {
            return Decision.UNDECIDED;
        }
        return new Decision(Kind.OPEN_MATCH, open, openLength);
    }

    private static boolean beats(MaskPattern p, int length, MaskPattern best, int bestLength) {
        if (best == null || length != bestLength) {
            return length > bestLength;
        }
        if (p.isValue() != best.isValue()) {
            return p.isValue();
        }
        return p.headLength() < best.headLength();
    }
}
