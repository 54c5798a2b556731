package io.github.inatauth.http.internal;

import io.github.inatauth.internal.shared.ServerUrls;
import io.github.inatauth.ConfigurationException;
import io.github.inatauth.Secret;
import io.github.inatauth.spi.ProviderContext;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The proxies curl would use, from {@code https_proxy} / {@code HTTPS_PROXY} (for https URLs),
 * {@code http_proxy} / {@code HTTP_PROXY} (for http URLs) and {@code no_proxy} / {@code NO_PROXY}
 * (lower case first, as curl). Java's own {@code https.proxyHost} / {@code http.proxyHost}, when set,
 * wins for its scheme: then the JDK's default selector answers. Credentials in a proxy URL
 * ({@code http://user:password@proxy:3128}) go to that proxy only (Basic), and are never shown.
 */
final class EnvironmentProxy extends ProxySelector {
    /** curl's default proxy port. */
    static final int DEFAULT_PORT = 1080;

    private final ProviderContext context;
    private final ProxyUrl https;
    private final ProxyUrl http;
    private final NoProxy noProxy;

    private EnvironmentProxy(ProviderContext context, ProxyUrl https, ProxyUrl http, NoProxy noProxy) {
        this.context = context;
        this.https = https;
        this.http = http;
        this.noProxy = noProxy;
    }

    /**
     * The selector the environment of {@code context} configures; empty when no proxy variable is set
     * (then the client keeps the JDK's default).
     *
     * @throws ConfigurationException when a proxy variable is not a proxy URL
     */
    static Optional<EnvironmentProxy> of(ProviderContext context) {
        ProxyUrl https = variable(context, "https_proxy", "HTTPS_PROXY");
        ProxyUrl http = variable(context, "http_proxy", "HTTP_PROXY");
        if (https == null && http == null) {
            return Optional.empty();
        }
        String no = context.environment("no_proxy").or(() -> context.environment("NO_PROXY")).orElse("");
        return Optional.of(new EnvironmentProxy(context, https, http, NoProxy.parse(no)));
    }

    private static ProxyUrl variable(ProviderContext context, String lower, String upper) {
        Optional<String> lowerValue = context.environment(lower).filter(v -> !v.isBlank());
        String name = lowerValue.isPresent() ? lower : upper;
        return lowerValue.or(() -> context.environment(upper).filter(v -> !v.isBlank()))
                .map(v -> ProxyUrl.parse(v, name)).orElse(null);
    }

    @Override
    public List<Proxy> select(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        ProxyUrl proxy = scheme.equals("https") ? https : scheme.equals("http") ? http : null;
        boolean javaConfigured = context.systemProperty(scheme + ".proxyHost").isPresent();
        if (proxy == null || javaConfigured) {
            ProxySelector jdk = ProxySelector.getDefault();
            return jdk == null ? List.of(Proxy.NO_PROXY) : jdk.select(uri);
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        if (uri.getHost() == null || noProxy.matches(uri.getHost(), port)) {
            return List.of(Proxy.NO_PROXY);
        }
        return List.of(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(proxy.host(), proxy.port())));
    }

    @Override
    public void connectFailed(URI uri, SocketAddress address, IOException failure) {
        // nothing to learn: the transport reports and retries
    }

    /**
     * The {@code Proxy-Authorization} for a request to {@code uri}: Basic with the credentials of the
     * proxy URL it goes through, sent at once as curl does; empty when it goes direct or the URL has none.
     * (Java's client never forwards this header beyond the proxy: it drops it from direct and tunnelled
     * requests. An {@code Authenticator} is not used: it would make the client drop every request's
     * own {@code Authorization}.)
     */
    Optional<Secret> authorization(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        ProxyUrl proxy = scheme.equals("https") ? https : scheme.equals("http") ? http : null;
        if (proxy == null || proxy.user() == null) {
            return Optional.empty();
        }
        boolean throughIt = select(uri).stream().anyMatch(p -> p.address() instanceof InetSocketAddress a
                && a.getHostString().equalsIgnoreCase(proxy.host()) && a.getPort() == proxy.port());
        if (!throughIt) {
            return Optional.empty();
        }
        String pair = proxy.user() + ":" + proxy.password().reveal();
        return Optional.of(Secret.of("Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8))));
    }

    @Override
    public String toString() {
        return "EnvironmentProxy[https=" + https + ", http=" + http + ", no_proxy=" + noProxy + "]";
    }

    /** A proxy's address and the credentials its URL held; {@code toString} shows neither user nor password. */
    record ProxyUrl(String host, int port, String user, Secret password) {
        static ProxyUrl parse(String text, String variable) {
            String t = text.strip();
            if (!t.contains("://")) {
                t = "http://" + t; // curl's reading of "proxy:3128"
            }
            URI uri;
            try {
                uri = new URI(t);
            } catch (URISyntaxException e) {
                // the text is not repeated: it may hold a password
                throw new ConfigurationException(variable + " is not a proxy URL (" + e.getReason() + " at index "
                        + e.getIndex() + "); give it as http://proxy.example.org:3128.");
            }
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http")) {
                throw new ConfigurationException(variable + " '" + ServerUrls.display(uri) + "' is a " + scheme
                        + " proxy; Java's HTTP client talks to http:// proxies only (CONNECT for https), so give "
                        + "http://host:port.");
            }
            if (uri.getHost() == null) {
                throw new ConfigurationException(variable + " '" + ServerUrls.display(uri)
                        + "' has no host; give it as http://proxy.example.org:3128.");
            }
            String user = null;
            Secret password = null;
            if (uri.getRawUserInfo() != null) {
                String info = uri.getRawUserInfo();
                int colon = info.indexOf(':');
                user = decode(colon < 0 ? info : info.substring(0, colon));
                password = Secret.of(colon < 0 ? "" : decode(info.substring(colon + 1)));
            }
            return new ProxyUrl(uri.getHost(), uri.getPort() >= 0 ? uri.getPort() : DEFAULT_PORT, user, password);
        }

        private static String decode(String s) {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "http://" + (user == null ? "" : "***@") + host + ":" + port;
        }
    }

    /**
     * curl's {@code NO_PROXY}: names separated by commas (or blanks), each a host name that matches
     * itself and its subdomains (a leading dot changes nothing), an IP literal (IPv6 with or without
     * brackets) or a CIDR range, with an optional {@code :port}; {@code *} alone bypasses every proxy.
     */
    record NoProxy(boolean all, List<Entry> entries) {
        record Entry(String host, int port, byte[] network, int prefix) {
        }

        static NoProxy parse(String text) {
            List<Entry> entries = new ArrayList<>();
            for (String raw : text.split("[,\\s]+")) {
                String e = raw.strip().toLowerCase(Locale.ROOT);
                if (e.isEmpty()) {
                    continue;
                }
                if (e.equals("*")) {
                    return new NoProxy(true, List.of());
                }
                int port = -1;
                if (e.startsWith("[")) { // [v6], [v6]:port or [v6]/prefix
                    int close = e.indexOf(']');
                    String rest = close > 0 ? e.substring(close + 1) : "";
                    if (rest.startsWith(":") && digits(rest.substring(1))) {
                        port = Integer.parseInt(rest.substring(1));
                    }
                    e = (close > 0 ? e.substring(1, close) : e.substring(1)) + (rest.startsWith("/") ? rest : "");
                } else if (e.indexOf(':') == e.lastIndexOf(':') && e.indexOf(':') > 0
                        && digits(e.substring(e.indexOf(':') + 1))) { // host:port (one colon: not IPv6)
                    port = Integer.parseInt(e.substring(e.indexOf(':') + 1));
                    e = e.substring(0, e.indexOf(':'));
                }
                int prefix = -1;
                int slash = e.indexOf('/');
                if (slash > 0 && digits(e.substring(slash + 1))) {
                    prefix = Integer.parseInt(e.substring(slash + 1));
                    e = e.substring(0, slash);
                }
                while (e.startsWith(".")) {
                    e = e.substring(1);
                }
                while (e.endsWith(".")) {
                    e = e.substring(0, e.length() - 1);
                }
                if (!e.isEmpty()) {
                    byte[] ip = ipLiteral(e);
                    entries.add(new Entry(e, port, ip, ip == null ? -1 : prefix < 0 ? ip.length * 8 : prefix));
                }
            }
            return new NoProxy(false, List.copyOf(entries));
        }

        boolean matches(String host, int port) {
            if (all) {
                return true;
            }
            String h = host.toLowerCase(Locale.ROOT);
            if (h.startsWith("[") && h.endsWith("]")) {
                h = h.substring(1, h.length() - 1);
            }
            while (h.endsWith(".")) {
                h = h.substring(0, h.length() - 1);
            }
            byte[] ip = ipLiteral(h);
            for (Entry e : entries) {
                if (e.port >= 0 && e.port != port) {
                    continue;
                }
                boolean hit = e.network != null
                        ? ip != null && inRange(ip, e.network, e.prefix)
                        : h.equals(e.host) || h.endsWith("." + e.host);
                if (hit) {
                    return true;
                }
            }
            return false;
        }

        private static boolean inRange(byte[] ip, byte[] network, int prefix) {
            if (ip.length != network.length || prefix > ip.length * 8) {
                return false;
            }
            for (int bit = 0; bit < prefix; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((ip[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }

        /** The address of an IP literal, parsed without a DNS lookup; null for a host name. */
        private static byte[] ipLiteral(String s) {
            boolean v4 = s.matches("\\d{1,3}(\\.\\d{1,3}){3}")
                    && java.util.Arrays.stream(s.split("\\.")).allMatch(o -> Integer.parseInt(o) <= 255);
            boolean v6 = s.contains(":") && s.matches("[0-9a-f:.]+");
            if (!v4 && !v6) {
                return null;
            }
            try {
                return InetAddress.getByName(s).getAddress(); // a literal: no lookup happens
            } catch (UnknownHostException e) {
                return null;
            }
        }

        private static boolean digits(String s) {
            return !s.isEmpty() && s.length() <= 5 && s.chars().allMatch(Character::isDigit);
        }

        @Override
        public String toString() {
            return all ? "*" : String.join(",", entries.stream().map(Entry::host).toList());
        }
    }
}
