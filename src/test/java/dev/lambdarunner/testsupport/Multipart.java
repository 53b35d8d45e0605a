package dev.lambdarunner.testsupport;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A {@code multipart/form-data} body taken apart (RFC 7578), strictly enough to catch a malformed one. */
final class Multipart {
    private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?");
    private static final Pattern NAME = Pattern.compile("\\bname=\"([^\"]*)\"");
    private static final Pattern FILENAME = Pattern.compile("\\bfilename=\"([^\"]*)\"");

    /** One part: its headers (lower-case names), form name, file name (or {@code null}) and bytes. */
    record Part(Map<String, String> headers, String name, String filename, byte[] content) {
    }

    private Multipart() {
    }

    /** The parts, or {@code null} when the body does not parse as multipart with that content type. */
    static List<Part> parse(String contentType, byte[] body) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            return null;
        }
        Matcher b = BOUNDARY.matcher(contentType);
        if (!b.find()) {
            return null;
        }
        byte[] delimiter = ("--" + b.group(1)).getBytes(StandardCharsets.ISO_8859_1);
        List<Part> parts = new ArrayList<>();
        int at = indexOf(body, delimiter, 0);
        if (at != 0) {
            return null;
        }
        while (true) {
            int start = at + delimiter.length;
            if (start + 2 <= body.length && body[start] == '-' && body[start + 1] == '-') {
                return parts; // closing delimiter
            }
            start += 2; // CRLF after the delimiter
            int next = indexOf(body, ("\r\n--" + b.group(1)).getBytes(StandardCharsets.ISO_8859_1), start);
            if (next < 0) {
                return null;
            }
            Part part = part(Arrays.copyOfRange(body, start, next));
            if (part == null) {
                return null;
            }
            parts.add(part);
            at = next + 2;
        }
    }

    private static Part part(byte[] raw) {
        int split = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0);
        if (split < 0) {
            return null;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line : new String(raw, 0, split, StandardCharsets.UTF_8).split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
        }
        String disposition = headers.getOrDefault("content-disposition", "");
        Matcher name = NAME.matcher(disposition);
        Matcher filename = FILENAME.matcher(disposition);
        return new Part(headers, name.find() ? name.group(1) : null, filename.find() ? filename.group(1) : null,
                Arrays.copyOfRange(raw, split + 4, raw.length));
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
