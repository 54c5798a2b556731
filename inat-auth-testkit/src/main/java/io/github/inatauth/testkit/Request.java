package io.github.inatauth.testkit;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One request as the endpoints see it.
 *
 * @param params        from the query, then the JSON or form body (the body wins)
 * @param malformedBody whether the body could not be parsed (its parameters are then missing)
 */
record Request(String method, String path, Map<String, List<String>> headers, String body,
               Map<String, String> params, boolean malformedBody) {

    /** Reads the whole request from the exchange. */
    static Request read(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> params = new LinkedHashMap<>(parseForm(exchange.getRequestURI().getRawQuery()));
        boolean malformed = false;
        try {
            params.putAll(parseBody(exchange.getRequestHeaders().getFirst("Content-Type"), body));
        } catch (IllegalArgumentException e) {
            malformed = true;
        }
        return new Request(exchange.getRequestMethod().toUpperCase(Locale.ROOT), exchange.getRequestURI().getPath(),
                exchange.getRequestHeaders(), body, params, malformed);
    }

    /** Method and path only: the rest may hold secrets. */
    @Override
    public String toString() {
        return "Request[" + method + " " + path + "]";
    }

    RecordedRequest recorded() {
        return new RecordedRequest(method, path, headers, body, params);
    }

    /** The first value of a header, or {@code null}; the JDK server's headers ignore case. */
    String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The credentials of an {@code Authorization: Bearer ...} header, or {@code null}. */
    String bearerToken() {
        String authorization = header("Authorization");
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).trim() : null;
    }

    private static Map<String, String> parseBody(String contentType, String body) {
        if (body.isBlank()) {
            return Map.of();
        }
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (type.contains("json") || (type.isEmpty() && body.stripLeading().startsWith("{"))) {
            Map<String, String> members = new LinkedHashMap<>();
            Json.parseFlatObject(body).forEach((name, value) -> {
                if (value != null) {
                    members.put(name, value);
                }
            });
            return members;
        }
        return parseForm(body);
    }

    static Map<String, String> parseForm(String form) {
        Map<String, String> params = new LinkedHashMap<>();
        if (form == null || form.isEmpty()) {
            return params;
        }
        for (String pair : form.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.put(name, value);
        }
        return params;
    }
}
