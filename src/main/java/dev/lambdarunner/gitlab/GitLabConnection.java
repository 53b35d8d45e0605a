package dev.lambdarunner.gitlab;

import dev.lambdarunner.sensitive.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Where and as whom the runner talks to GitLab.
 *
 * @param baseUrl        GitLab's URL; a trailing {@code /} and a trailing {@code /ci} are dropped (as GitLab
 *                       Runner does). http or https only, without credentials, query or fragment
 * @param runnerToken    the runner authentication token ({@code glrt-...}); prints as {@code [MASKED]}
 * @param systemId       this runner manager's id ({@code s_...} or {@code r_...}), or {@code null} to omit it
 * @param info           what the runner reports about itself
 * @param requestTimeout timeout of one {@code jobs/request}, which GitLab may hold open for long polling
 * @param callTimeout    timeout of every other call, and of connecting
 */
public record GitLabConnection(URI baseUrl, Secret runnerToken, String systemId, RunnerInfo info,
                               Duration requestTimeout, Duration callTimeout) {

    public GitLabConnection {
        baseUrl = normalize(baseUrl);
        if (runnerToken == null || runnerToken.value().isBlank()) {
            throw new IllegalArgumentException("gitlab connection needs a runner token");
        }
        systemId = systemId == null || systemId.isBlank() ? null : systemId;
        Objects.requireNonNull(info, "info");
        requirePositive(requestTimeout, "request timeout");
        requirePositive(callTimeout, "call timeout");
    }

    /** The absolute URI of an API path such as {@code /api/v4/jobs/request}. */
    URI resolve(String apiPathAndQuery) {
        return URI.create(baseUrl + apiPathAndQuery);
    }

    static URI normalize(URI url) {
        Objects.requireNonNull(url, "gitlab url");
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("gitlab url must use http or https, not '" + scheme + "'");
        }
        if (url.getRawUserInfo() != null) {
            throw new IllegalArgumentException("gitlab url must not contain credentials");
        }
        if (url.getHost() == null) {
            throw new IllegalArgumentException("gitlab url has no host");
        }
        if (url.getRawQuery() != null || url.getRawFragment() != null) {
            throw new IllegalArgumentException("gitlab url must not have a query or fragment");
        }
        String path = stripTrailingSlashes(url.getRawPath() == null ? "" : url.getRawPath());
        if (path.endsWith("/ci")) {
            path = stripTrailingSlashes(path.substring(0, path.length() - "/ci".length()));
        }
        return URI.create(scheme + "://" + url.getRawAuthority() + path);
    }

    private static String stripTrailingSlashes(String path) {
        int end = path.length();
        while (end > 0 && path.charAt(end - 1) == '/') {
            end--;
        }
        return path.substring(0, end);
    }

    private static void requirePositive(Duration d, String what) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("gitlab connection needs a positive " + what + ", got " + d);
        }
    }
}
