package io.github.inatauth.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What a user's browser does at the conformance server: signs in (a session cookie), opens the
 * authorize page, presses Authorize or Deny on Doorkeeper's own form, and follows the redirect,
 * to the program's loopback listener or to the out-of-band page that shows the code.
 */
final class ConformanceBrowser {
    /** The answer at the end of the redirects. */
    record Page(int status, URI uri, String body) {
        /** The code the out-of-band page shows. */
        String shownCode() {
            Matcher m = Pattern.compile("<code id=\"authorization_code\">([^<]+)</code>").matcher(body);
            if (!m.find()) {
                throw new AssertionError("no code on the page " + uri + ":\n" + body);
            }
            return m.group(1).strip();
        }
    }

    private static final Pattern FORM = Pattern.compile("<form[^>]*action=\"([^\"]*)\"[^>]*>(.*?)</form>", Pattern.DOTALL);
    private static final Pattern INPUT = Pattern.compile("<input([^>]*)>");

    private final URI site;
    private final Map<String, String> cookies = new LinkedHashMap<>();

    private ConformanceBrowser(URI site) {
        this.site = site;
    }

    /** A browser signed in to the site as {@code user}. */
    static ConformanceBrowser signedIn(ConformanceServer server, ConformanceServer.User user) throws IOException {
        ConformanceBrowser b = new ConformanceBrowser(server.baseUrl());
        Map<String, String> form = new LinkedHashMap<>();
        form.put("login", user.login());
        form.put("password", user.password());
        HttpURLConnection c = b.request(server.baseUrl().resolve("/session"), "POST", form);
        int status = c.getResponseCode();
        c.disconnect();
        if (status != 302) {
            throw new AssertionError("signing in as " + user.login() + " answered " + status);
        }
        return b;
    }

    /** Opens the authorize address and answers the consent page with {@code button} (Authorize or Deny). */
    Page authorize(String authorizeUrl, String button) throws IOException {
        Page page = get(URI.create(authorizeUrl));
        if (!page.uri().getPath().equals("/oauth/authorize")) {
            return page; // Doorkeeper skipped the consent page (a confidential app the user already authorized)
        }
        Matcher forms = FORM.matcher(page.body());
        while (forms.find()) {
            if (forms.group(2).contains("value=\"" + button + "\"")) {
                return submit(page.uri().resolve(unescape(forms.group(1))), forms.group(2));
            }
        }
        throw new AssertionError("no " + button + " button on the authorize page " + page.uri() + ":\n" + page.body());
    }

    private Page submit(URI action, String formBody) throws IOException {
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher inputs = INPUT.matcher(formBody);
        while (inputs.find()) {
            String name = attribute(inputs.group(1), "name");
            if (name != null && !"submit".equals(attribute(inputs.group(1), "type"))) {
                fields.put(name, attribute(inputs.group(1), "value") == null ? "" : attribute(inputs.group(1), "value"));
            }
        }
        HttpURLConnection c = request(action, "POST", fields);
        return follow(c, action);
    }

    Page get(URI uri) throws IOException {
        return follow(request(uri, "GET", null), uri);
    }

    /** Follows redirects as a browser does (GET), keeping cookies of this site. */
    private Page follow(HttpURLConnection c, URI uri) throws IOException {
        URI current = uri;
        HttpURLConnection connection = c;
        for (int hops = 0; hops < 10; hops++) {
            int status = connection.getResponseCode();
            if (status / 100 == 3) {
                URI next = current.resolve(connection.getHeaderField("Location"));
                connection.disconnect();
                current = next;
                connection = request(next, "GET", null);
                continue;
            }
            try (InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
                return new Page(status, current, in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } finally {
                connection.disconnect();
            }
        }
        throw new AssertionError("too many redirects from " + uri);
    }

    private HttpURLConnection request(URI uri, String method, Map<String, String> form) throws IOException {
        HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
        c.setInstanceFollowRedirects(false);
        c.setConnectTimeout(10_000);
        c.setReadTimeout(60_000);
        c.setRequestMethod(method);
        boolean ownSite = uri.getPort() == site.getPort() && uri.getHost().equals(site.getHost());
        if (ownSite && !cookies.isEmpty()) {
            c.setRequestProperty("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; ")));
        }
        if (form != null) {
            c.setDoOutput(true);
            c.setRequestProperty("Content-Type", "application/x-www-form-urlencoded");
            try (OutputStream out = c.getOutputStream()) {
                out.write(encode(form).getBytes(StandardCharsets.UTF_8));
            }
        }
        if (ownSite) {
            List<String> set = c.getHeaderFields().getOrDefault("Set-Cookie", List.of());
            for (String header : set) {
                String pair = header.split(";", 2)[0];
                int eq = pair.indexOf('=');
                cookies.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
            }
        }
        return c;
    }

    static String encode(Map<String, String> form) {
        return form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    /** The query parameters of an address (the redirect that came back). */
    static Map<String, String> query(URI uri) {
        Map<String, String> q = new LinkedHashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                q.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), kv.length < 2 ? "" : URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
            }
        }
        return q;
    }

    private static String attribute(String attributes, String name) {
        Matcher m = Pattern.compile("\\b" + name + "=\"([^\"]*)\"").matcher(attributes);
        return m.find() ? unescape(m.group(1)) : null;
    }

    private static String unescape(String html) {
        return html.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }
}
