package io.github.inatauth.testkit;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** One answer, before it is sent. */
record Response(int status, String contentType, byte[] body, Map<String, String> headers) {
    static final String JSON = "application/json; charset=utf-8";
    static final String HTML = "text/html; charset=utf-8";

    static Response json(int status, String json) {
        return new Response(status, JSON, json.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    static Response html(int status, String html) {
        return new Response(status, HTML, html.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    /** {@code {"error": <reason phrase>, "status": code}}, as iNaturalist's API answers errors. */
    static Response status(int status) {
        return json(status, Json.object().put("error", Fault.reasonPhrase(status)).put("status", status).build());
    }

    static Response redirect(String location) {
        return new Response(302, HTML, new byte[0], Map.of("Location", location));
    }

    Response withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Response(status, contentType, body, more);
    }
}
