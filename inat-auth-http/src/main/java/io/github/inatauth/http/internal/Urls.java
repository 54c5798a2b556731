package io.github.inatauth.http.internal;

import io.github.inatauth.internal.shared.ServerUrls;
import io.github.inatauth.ConfigurationException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;

/** URL rules: HTTPS except to this machine, and a printable form that drops what may be secret. */
public final class Urls {

    private Urls() {
    }

    /**
     * Returns {@code uri} if it is {@code https}, or {@code http} to a loopback host; otherwise throws.
     *
     * @param what how to name the URL in the message, e.g. "base URL (INAT_AUTH_BASE_URL)"
     */
    public static URI requireSecure(URI uri, String what) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new ConfigurationException("The " + what + " '" + ServerUrls.display(uri)
                    + "' must be an https:// URL with a host.");
        }
        if (scheme.equals("http") && !isLoopback(uri.getHost())) {
            throw new ConfigurationException("The " + what + " '" + ServerUrls.display(uri) + "' uses plain http:// to "
                    + "another machine; use https:// (http:// is allowed only for 127.0.0.1, ::1 and localhost).");
        }
        return uri;
    }

    /**
     * Whether {@code host} names this machine without a DNS lookup: {@code localhost}, an IPv4
     * literal in 127.0.0.0/8, or the IPv6 literal {@code ::1}.
     */
    static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.equals("localhost")) {
            return true;
        }
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.contains(":")) {
            try {
                // an IPv6 literal: parsed locally, no lookup
                return InetAddress.getByName(h).isLoopbackAddress();
            } catch (UnknownHostException e) {
                return false;
            }
        }
        String[] parts = h.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit) || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return parts[0].equals("127");
    }

    /** {@code base} with {@code path} appended ({@code base} has no trailing slash). */
    public static URI resolve(URI base, String path) {
        String b = base.toString();
        while (b.endsWith("/")) {
            b = b.substring(0, b.length() - 1);
        }
        return URI.create(b + path);
    }
}
