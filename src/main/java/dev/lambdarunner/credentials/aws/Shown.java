package dev.lambdarunner.credentials.aws;

/**
 * A value from an unverified token made safe for the job log: printable ASCII only and short, so a crafted
 * token cannot forge log lines or flood the trace.
 */
final class Shown {

    private static final int MAX = 80;

    private Shown() {
    }

    static String quoted(String value) {
        if (value == null) {
            return "(none)";
        }
        StringBuilder out = new StringBuilder("'");
        for (int i = 0; i < value.length() && i < MAX; i++) {
            char c = value.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return out.append(value.length() > MAX ? "...'" : "'").toString();
    }
}
