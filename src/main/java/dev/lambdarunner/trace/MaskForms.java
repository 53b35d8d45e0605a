package dev.lambdarunner.trace;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The forms in which a secret value reaches a job's log besides itself, each masked like the value:
 * <ul>
 *   <li>JSON-escaped as Go's {@code encoding/json} writes it, which is what {@code terraform output -json} and
 *       {@code terraform show -json} print: {@code \"}, {@code \\}, {@code \b \f \n \r \t}, {@code \}{@code u00xx}
 *       for other control characters, {@code \}{@code u2028}/{@code \}{@code u2029}, and {@code <}, {@code >},
 *       {@code &} as {@code \}{@code u003c}, {@code \}{@code u003e}, {@code \}{@code u0026} (HTML-safe);</li>
 *   <li>the same without the HTML escapes, as Terraform's human-readable plan and {@code terraform output} quote
 *       strings ({@code "a&b\"c"});</li>
 *   <li>percent-encoded (RFC 3986: all but {@code A-Za-z0-9-._~}), with upper- and lower-case hex digits, and
 *       each with {@code +} for a space as HTML forms and query strings write it.</li>
 * </ul>
 * Forms nested deeper (JSON inside JSON, JSON of a percent-encoded value) and other encoders' choices (Base64,
 * {@code \/}, encoders that keep {@code !*'()}) are not covered.
 */
final class MaskForms {

    private static final char[] LOWER_HEX = "0123456789abcdef".toCharArray();
    private static final char[] UPPER_HEX = "0123456789ABCDEF".toCharArray();

    private MaskForms() {
    }

    /** {@code value} first, then each form that differs from it, without duplicates. */
    static Set<String> of(String value) {
        Set<String> forms = new LinkedHashSet<>();
        forms.add(value);
        forms.add(json(value, true));
        forms.add(json(value, false));
        for (char[] hex : new char[][] {UPPER_HEX, LOWER_HEX}) {
            String percent = percent(value, hex);
            forms.add(percent);
            forms.add(percent.replace("%20", "+"));
        }
        return forms;
    }

    /** The inside of a JSON string (no quotes), as Go's {@code encoding/json} escapes it. */
    static String json(String value, boolean escapeHtml) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"', '\\' -> out.append('\\').append(c);
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '<', '>', '&' -> appendUnicodeEscapeIf(out, c, escapeHtml);
                case '\u2028', '\u2029' -> appendUnicodeEscapeIf(out, c, true);
                default -> appendUnicodeEscapeIf(out, c, c < 0x20);
            }
        }
        return out.toString();
    }

    private static void appendUnicodeEscapeIf(StringBuilder out, char c, boolean escape) {
        if (!escape) {
            out.append(c);
            return;
        }
        out.append("\\u");
        for (int shift = 12; shift >= 0; shift -= 4) {
            out.append(LOWER_HEX[(c >> shift) & 0xf]);
        }
    }

    /** Every UTF-8 byte outside RFC 3986's unreserved set as {@code %XX} with the given digits. */
    private static String percent(String value, char[] hex) {
        StringBuilder out = new StringBuilder(value.length() * 3);
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int u = b & 0xff;
            if (u >= 'A' && u <= 'Z' || u >= 'a' && u <= 'z' || u >= '0' && u <= '9' || "-._~".indexOf(u) >= 0) {
                out.append((char) u);
            } else {
                out.append('%').append(hex[u >> 4]).append(hex[u & 0xf]);
            }
        }
        return out.toString();
    }
}
