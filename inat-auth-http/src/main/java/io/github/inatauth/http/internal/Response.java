package io.github.inatauth.http.internal;

import io.github.inatauth.internal.shared.ServerUrls;
import io.github.inatauth.ServerException;
import jakarta.json.JsonObject;
import java.net.http.HttpHeaders;
import java.util.Locale;
import java.util.Optional;

/** A response whose body was read in full (within the size limit). */
record Response(Request request, int status, HttpHeaders headers, byte[] body) {

    public Optional<String> header(String name) {
        return headers.firstValue(name);
    }

    /** The media type without parameters, lower case; "no content type" when absent. */
    public String mediaType() {
        String type = header("Content-Type").orElse("");
        int semicolon = type.indexOf(';');
        String bare = (semicolon >= 0 ? type.substring(0, semicolon) : type).strip().toLowerCase(Locale.ROOT);
        return bare.isEmpty() ? "no content type" : bare;
    }

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    /** The JSON object of the body, if the body is one and says so. */
    public Optional<JsonObject> jsonIfAny() {
        String type = mediaType();
        if (!(type.equals("application/json") || type.endsWith("+json"))) {
            return Optional.empty();
        }
        return JsonSupport.parseObject(body);
    }

    /**
     * The JSON object of the body whatever its content type says: iNaturalist's tokens controller writes
     * its refusals (wrong password, suspended account) as JSON under Rails' default {@code text/html}.
     * An HTML page (a proxy's) is not a JSON object, so it still gives none.
     */
    public Optional<JsonObject> jsonOfAnyType() {
        return jsonIfAny().or(() -> JsonSupport.parseObject(body));
    }

    /**
     * The JSON object of the body, or a {@link ServerException} that names the URL, status and content
     * type (never the body).
     *
     * @param expected what the body should have been, e.g. "iNaturalist's JSON"
     */
    public JsonObject json(String expected) {
        return jsonIfAny().orElseThrow(() -> notJson(expected));
    }

    public ServerException notJson(String expected) {
        return new ServerException("The server at " + ServerUrls.display(request.uri()) + " answered " + request.action()
                + " with HTTP " + status + " and " + mediaType() + ", which is not " + expected + "; "
                + request.hint() + ".", status, null, null);
    }

    /** An error for a status the caller does not expect. */
    public ServerException unexpectedStatus() {
        return new ServerException("The server at " + ServerUrls.display(request.uri()) + " answered " + request.action()
                + " with HTTP " + status + "; " + request.hint() + ".", status, null, null);
    }

    @Override
    public String toString() {
        return "Response[" + status + " " + mediaType() + " from " + ServerUrls.display(request.uri()) + "]";
    }
}
