package io.github.inatauth.internal.shared;

import io.github.inatauth.ConfigurationException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** Server URLs: the one form every base, API and remote URL takes, and how a URL is shown in messages. */
public final class ServerUrls {
    private ServerUrls() {
    }

    /**
     * {@link #normalize(String, String)} of a URL given as a {@code URI}, named "URL" in messages.
     *
     * @param uri an absolute http(s) URL
     * @return the URL in its one form, without a trailing slash
     * @throws ConfigurationException as {@link #normalize(String, String)}
     */
    public static URI normalize(URI uri) {
        return normalize(uri.toString(), "URL");
    }

    /**
     * The one form every server URL takes (base, API and remote URLs, from builders, settings and
     * command lines): an absolute {@code http} or {@code https} URL with a host, the scheme in lower
     * case ({@code HTTPS://} is accepted), no trailing slash, so that paths can be appended with one.
     * User info, a query or a fragment is refused: the first may be a password that would then be
     * printed, the others would silently change every endpoint.
     *
     * @param text the URL as given
     * @param what how to name the URL in messages, e.g. "base URL (INAT_AUTH_BASE_URL)"
     * @return the URL in its one form
     * @throws ConfigurationException when {@code text} is not such a URL; the message never repeats
     *     user info, a query or a fragment
     */
    public static URI normalize(String text, String what) {
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            // the text itself is not repeated: it may hold a password
            throw new ConfigurationException("The " + what + " is not a URL (" + e.getReason() + " at index "
                    + e.getIndex() + ").");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getRawUserInfo() != null) {
            throw new ConfigurationException("The " + what + " '" + display(uri) + "' holds a user name or password "
                    + "before the host; remove it (credentials go in their own settings, never in a URL).");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new ConfigurationException("The " + what + " '" + display(uri) + "' has a query ('?') or fragment "
                    + "('#'); give the address without it.");
        }
        if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new ConfigurationException("The " + what + " '" + display(uri)
                    + "' must be an http or https URL with a host.");
        }
        String s = scheme + uri.toString().strip().substring(uri.getScheme().length());
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return URI.create(s);
    }

    /**
     * How a URL is shown in messages and logs: {@code scheme://host:port/path}, without user info,
     * query or fragment, which may hold secrets.
     *
     * @param uri any URI
     * @return the URL as shown, or {@code (not a URL)}
     */
    public static String display(URI uri) {
        StringBuilder s = new StringBuilder();
        if (uri.getScheme() != null) {
            s.append(uri.getScheme()).append("://");
        }
        if (uri.getHost() != null) {
            s.append(uri.getHost());
            if (uri.getPort() >= 0) {
                s.append(':').append(uri.getPort());
            }
        }
        if (uri.getRawPath() != null) {
            s.append(uri.getRawPath());
        }
        return s.length() == 0 ? "(not a URL)" : s.toString();
    }
}
