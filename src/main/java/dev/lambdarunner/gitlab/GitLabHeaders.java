package dev.lambdarunner.gitlab;

import java.time.Duration;
import java.util.Optional;

/**
 * Header names of the runner protocol and the few header values that carry numbers
 * (protocol reference §1, §6, §7).
 */
final class GitLabHeaders {

    static final String USER_AGENT = "User-Agent";
    static final String REQUEST_ID = "X-Request-Id";
    static final String CONTENT_TYPE = "Content-Type";
    static final String ACCEPT = "Accept";
    static final String RUNNER_TOKEN = "RUNNER-TOKEN";
    static final String JOB_TOKEN = "JOB-TOKEN";
    static final String CONTENT_RANGE = "Content-Range";
    static final String RANGE = "Range";
    static final String JOB_STATUS = "Job-Status";
    static final String LAST_UPDATE = "X-GitLab-Last-Update";
    static final String TRACE_UPDATE_INTERVAL = "X-GitLab-Trace-Update-Interval";

    static final String JSON = "application/json";
    static final String TEXT = "text/plain";

    private GitLabHeaders() {
    }

    /**
     * {@code <offset>-<offset+length-1>}: inclusive byte positions of a trace chunk, without unit or total,
     * as GitLab Runner sends it.
     *
     * @throws IllegalArgumentException for a negative offset, an empty chunk, or an end past {@code Long.MAX_VALUE}
     */
    static String contentRange(long offset, int length) {
        if (offset < 0 || length <= 0) {
            throw new IllegalArgumentException(
                    "trace chunk needs offset >= 0 and length > 0, got offset=" + offset + " length=" + length);
        }
        if (offset > Long.MAX_VALUE - length + 1) {
            throw new IllegalArgumentException("trace chunk end overflows: offset=" + offset + " length=" + length);
        }
        return offset + "-" + (offset + length - 1);
    }

    /**
     * The stored trace length from GitLab's {@code Range: 0-<length>} (the number after the dash is a length,
     * not an inclusive end), or -1 when the header is absent or unreadable. A {@code bytes=} unit is tolerated.
     */
    static long rangeLength(String range) {
        if (range == null) {
            return -1;
        }
        String value = range.trim();
        if (value.startsWith("bytes=") || value.startsWith("bytes ")) {
            value = value.substring("bytes=".length()).trim();
        }
        int dash = value.indexOf('-');
        if (dash < 0) {
            return -1;
        }
        try {
            long length = Long.parseLong(value.substring(dash + 1).trim());
            return length >= 0 ? length : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** A positive whole number of seconds, as in {@code X-GitLab-Trace-Update-Interval}; else empty. */
    static Optional<Duration> seconds(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            long seconds = Long.parseLong(value.trim());
            return seconds > 0 ? Optional.of(Duration.ofSeconds(seconds)) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Whether a {@code Content-Type} value is JSON, ignoring case and parameters such as the charset. */
    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String mediaType = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
        return mediaType.trim().equalsIgnoreCase(JSON);
    }
}
