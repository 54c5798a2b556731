package io.github.inatauth.http.internal;

import io.github.inatauth.internal.shared.ServerUrls;
import io.github.inatauth.Secret;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One HTTP request. {@code authorization} is the whole {@code Authorization} value; {@code secrets}
 * are the values that must never reach a message (they are scrubbed from server text that is quoted).
 *
 * @param action what the request does, for messages, e.g. "the password grant"
 * @param hint what to check when the server answers something unexpected, e.g. "check INAT_AUTH_BASE_URL"
 */
record Request(String method, URI uri, Secret authorization, byte[] body, String contentType,
        List<Secret> secrets, String action, String hint) {

    public Request {
        secrets = List.copyOf(secrets);
    }

    public static Request get(URI uri, Secret authorization, String action, String hint) {
        return new Request("GET", uri, authorization, null, null,
                authorization == null ? List.of() : List.of(authorization), action, hint);
    }

    /** A POST with a JSON or form body made of {@code members}; {@code secrets} are those among the values. */
    public static Request post(URI uri, BodyFormat format, Map<String, String> members, List<Secret> secrets,
            String action, String hint) {
        String body = format == BodyFormat.JSON ? JsonSupport.write(members) : form(members);
        String type = format == BodyFormat.JSON ? "application/json" : "application/x-www-form-urlencoded";
        return new Request("POST", uri, null, body.getBytes(StandardCharsets.UTF_8), type, secrets, action, hint);
    }

    private static String form(Map<String, String> members) {
        return members.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    /** How a POST body is encoded: JSON as pyinaturalist sends it, or a form as RFC 6749 describes. */
    public enum BodyFormat { JSON, FORM }

    /**
     * Server or exception text made safe to quote: one line, at most {@code max} characters, and
     * nothing at all if it contains one of the request's secrets.
     */
    public String quote(String text, int max) {
        if (text == null) {
            return "";
        }
        for (Secret s : secrets) {
            String v = s.reveal();
            // an Authorization value "Bearer x" also leaks through "x"
            String bare = v.regionMatches(true, 0, "Bearer ", 0, 7) ? v.substring(7) : v;
            if (text.contains(v) || (!bare.isEmpty() && text.contains(bare))) {
                return "(text withheld)";
            }
        }
        String oneLine = text.replaceAll("[\\p{Cntrl}]+", " ").strip();
        return oneLine.length() <= max ? oneLine : oneLine.substring(0, max) + "...";
    }

    @Override
    public String toString() {
        return "Request[" + method + " " + ServerUrls.display(uri) + "]";
    }
}
