package dev.lambdarunner.trace;

import java.util.regex.Pattern;

/** Token handling for the runner's own log, which may name a token but never hold it. */
public final class Tokens {

    /**
     * The public prefixes gitlab-runner strips ({@code helpers/shorten_token.go}): runner tokens ({@code glrt-},
     * optionally with a partition part {@code t1_}), tokens of runners registered the legacy way ({@code glrtr-}),
     * job tokens ({@code glcbt-}) and legacy registration tokens ({@code GR} and 7 hex digits).
     */
    private static final Pattern PREFIX = Pattern.compile("^(glrt-(t\\d_)?|t\\d_|glrtr-|glcbt-|GR[0-9A-Fa-f]{7})");
    private static final int SHORT_LENGTH = 9;

    private Tokens() {
    }

    /**
     * A short form of {@code token} that identifies it in logs: the first 9 characters after the public prefix,
     * as gitlab-runner's {@code CI_RUNNER_SHORT_TOKEN}. Unlike gitlab-runner, which prints a token shorter than
     * that whole, at most half of what follows the prefix is shown, so no token is ever printed in full.
     * {@code null} gives the empty string.
     */
    public static String shorten(String token) {
        if (token == null) {
            return "";
        }
        String secret = PREFIX.matcher(token).replaceFirst("");
        return secret.substring(0, Math.min(SHORT_LENGTH, secret.length() / 2));
    }
}
