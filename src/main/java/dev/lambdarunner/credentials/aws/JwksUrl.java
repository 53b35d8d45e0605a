package dev.lambdarunner.credentials.aws;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where the signing keys may come from. Whoever serves them decides which tokens verify, so the URL must be
 * HTTPS. Plain HTTP is accepted only for a loopback IP literal ({@code 127.0.0.0/8}, {@code [::1]}): traffic
 * that never leaves the machine cannot be read or changed on the network, which is what tests (and an
 * operator's local proxy) need. A name such as {@code localhost} is not enough: it is resolved, not known.
 */
final class JwksUrl {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private JwksUrl() {
    }

    static URI check(String value) {
        URI uri;
        try {
            uri = new URI(value.strip());
        } catch (URISyntaxException e) {
            throw KeylessSettings.invalid("jwks-url", "'" + value + "' is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getRawUserInfo() != null) {
            throw KeylessSettings.invalid("jwks-url", "must not carry user info (the keys are public)");
        }
        if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw KeylessSettings.invalid("jwks-url", "'" + value + "' must be an https:// URL with a host");
        }
        if (scheme.equals("http") && !isLoopbackLiteral(uri.getHost())) {
            throw KeylessSettings.invalid("jwks-url", "'" + value
                    + "' must be https:// (plain http is accepted only for a loopback address such as 127.0.0.1)");
        }
        return uri;
    }

    static boolean isLoopbackLiteral(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (IPV4.matcher(h).matches()) {
            for (String octet : h.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    return false;
                }
            }
            return h.startsWith("127.");
        }
        if (!h.contains(":")) {
            return false; // a name: resolving it would trust whatever DNS or /etc/hosts says
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress(); // an IPv6 literal: parsed, never resolved
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
