package io.github.inatauth.testkit;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * One request the {@link InatTestServer} received, for assertions.
 *
 * @param method  {@code GET}, {@code POST}, ...
 * @param path    the path without the query
 * @param headers the request headers; names are matched ignoring case
 * @param body    the body as text (empty when none)
 * @param params  the parameters, from the query and then the JSON or form body (the body wins)
 */
public record RecordedRequest(String method, String path, Map<String, List<String>> headers, String body,
                              Map<String, String> params) {

    /** Parameter names whose values {@link #toString()} masks. */
    private static final Set<String> SECRET_PARAMS = Set.of(
            "password", "client_secret", "code", "code_verifier", "access_token", "api_token", "refresh_token");

    /**
     * Copies the maps (header names then match ignoring case); a null body becomes empty.
     *
     * @param method  {@code GET}, {@code POST}, ...
     * @param path    the path without the query
     * @param headers the request headers
     * @param body    the body as text, or null when none
     * @param params  the parameters, from the query and then the JSON or form body (the body wins)
     */
    public RecordedRequest {
        Map<String, List<String>> caseless = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> caseless.put(name, List.copyOf(values)));
        headers = Collections.unmodifiableMap(caseless);
        params = Collections.unmodifiableMap(new TreeMap<>(params));
        body = body == null ? "" : body;
    }

    /**
     * The first value of a header.
     *
     * @param name the header's name, in any case
     * @return its first value, or {@code null} when the request had none
     */
    public String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /**
     * A parameter's value.
     *
     * @param name the parameter's name
     * @return its value, or {@code null} when the request had none
     */
    public String param(String name) {
        return params.get(name);
    }

    /** Method, path, header names and parameters, with secret values and the body left out. */
    @Override
    public String toString() {
        StringJoiner shown = new StringJoiner(", ", "{", "}");
        params.forEach((name, value) -> shown.add(
                name + "=" + (SECRET_PARAMS.contains(name.toLowerCase(Locale.ROOT)) ? "***" : value)));
        return "RecordedRequest[" + method + " " + path + ", headers=" + headers.keySet()
                + ", params=" + shown + ", body=" + body.length() + " chars]";
    }
}
