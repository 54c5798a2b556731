package io.github.inatauth.testkit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A misbehaviour the {@link InatTestServer} shows instead of (or before) its normal answer. Queue
 * one-shot faults with {@link InatTestServer#failNext} or set a lasting one with
 * {@link InatTestServer#failAlways}.
 */
public final class Fault {

    enum Kind { STATUS, TOO_MANY_REQUESTS, DELAY, NON_JSON, DROP_CONNECTION, OVERSIZED_BODY }

    private final Kind kind;
    private final int status;
    private final String contentType;
    private final String body;
    private final Duration duration;
    private final int size;
    private final Map<String, String> headers;

    private Fault(Kind kind, int status, String contentType, String body, Duration duration, int size) {
        this(kind, status, contentType, body, duration, size, Map.of());
    }

    private Fault(Kind kind, int status, String contentType, String body, Duration duration, int size,
                  Map<String, String> headers) {
        this.kind = kind;
        this.status = status;
        this.contentType = contentType;
        this.body = body;
        this.duration = duration;
        this.size = size;
        this.headers = headers;
    }

    /**
     * Answers with this status and a small JSON body {@code {"error": <reason>, "status": code}}.
     *
     * @param code an HTTP status, 100 to 599
     * @return the fault
     * @throws IllegalArgumentException when {@code code} is no HTTP status
     */
    public static Fault status(int code) {
        checkStatus(code);
        String body = Json.object().put("error", reasonPhrase(code)).put("status", code).build();
        return new Fault(Kind.STATUS, code, "application/json; charset=utf-8", body, null, 0);
    }

    /**
     * Answers with this status, content type and body.
     *
     * @param code an HTTP status, 100 to 599
     * @param contentType the {@code Content-Type} header
     * @param body the body, sent as UTF-8
     * @return the fault
     * @throws IllegalArgumentException when {@code code} is no HTTP status
     */
    public static Fault status(int code, String contentType, String body) {
        checkStatus(code);
        return new Fault(Kind.STATUS, code, Objects.requireNonNull(contentType, "contentType"),
                Objects.requireNonNull(body, "body"), null, 0);
    }

    /**
     * Answers 429 with {@code Retry-After} in whole seconds (rounded up).
     *
     * @param retryAfter zero or more
     * @return the fault
     */
    public static Fault tooManyRequests(Duration retryAfter) {
        requireNotNegative(retryAfter, "retryAfter");
        String body = Json.object().put("error", "Too Many Requests").put("status", 429).build();
        return new Fault(Kind.TOO_MANY_REQUESTS, 429, "application/json; charset=utf-8", body, retryAfter, 0);
    }

    /**
     * Waits, then answers normally.
     *
     * @param delay zero or more
     * @return the fault
     */
    public static Fault delay(Duration delay) {
        requireNotNegative(delay, "delay");
        return new Fault(Kind.DELAY, 0, null, null, delay, 0);
    }

    /** {@return a fault that answers 200 with an HTML page, as a captive portal or a proxy error page would} */
    public static Fault nonJson() {
        return new Fault(Kind.NON_JSON, 200, "text/html; charset=utf-8",
                "<!DOCTYPE html>\n<html><head><title>Maintenance</title></head>"
                        + "<body><h1>iNaturalist is down for maintenance</h1></body></html>\n", null, 0);
    }

    /** {@return a fault that closes the connection without any response: clients see a reset or "closed without response"} */
    public static Fault dropConnection() {
        return new Fault(Kind.DROP_CONNECTION, 0, null, null, null, 0);
    }

    /**
     * Answers 200 with a JSON body of exactly {@code bytes} bytes.
     *
     * @param bytes the body's size, at least 16
     * @return the fault
     * @throws IllegalArgumentException when {@code bytes} is less than 16
     */
    public static Fault oversizedBody(int bytes) {
        if (bytes < 16) {
            throw new IllegalArgumentException("an oversized body needs at least 16 bytes, got " + bytes);
        }
        return new Fault(Kind.OVERSIZED_BODY, 200, "application/json; charset=utf-8", null, null, bytes);
    }

    /**
     * This fault with one more response header, e.g. {@code Fault.status(503).withHeader("Retry-After", "120")}
     * or a {@code Retry-After} given as an HTTP date. Not for {@link #delay} and {@link #dropConnection}.
     *
     * @param name the header's name
     * @param value the header's value
     * @return a new fault; this one is unchanged
     * @throws IllegalStateException when this fault sends no response of its own
     */
    public Fault withHeader(String name, String value) {
        if (kind == Kind.DELAY || kind == Kind.DROP_CONNECTION) {
            throw new IllegalStateException(this + " sends no response of its own to add a header to");
        }
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return new Fault(kind, status, contentType, body, duration, size, Collections.unmodifiableMap(more));
    }

    Map<String, String> headers() {
        return headers;
    }

    Kind kind() {
        return kind;
    }

    int statusCode() {
        return status;
    }

    String contentType() {
        return contentType;
    }

    Duration duration() {
        return duration;
    }

    /** The body to send, built on demand so that large ones are not kept around. */
    byte[] body() {
        if (kind == Kind.OVERSIZED_BODY) {
            String prefix = "{\"padding\":\"";
            String suffix = "\"}";
            return (prefix + "x".repeat(size - prefix.length() - suffix.length()) + suffix)
                    .getBytes(StandardCharsets.US_ASCII);
        }
        return body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case STATUS -> "Fault.status(" + status + ")";
            case TOO_MANY_REQUESTS -> "Fault.tooManyRequests(" + duration + ")";
            case DELAY -> "Fault.delay(" + duration + ")";
            case NON_JSON -> "Fault.nonJson()";
            case DROP_CONNECTION -> "Fault.dropConnection()";
            case OVERSIZED_BODY -> "Fault.oversizedBody(" + size + ")";
        };
    }

    static String reasonPhrase(int code) {
        return switch (code) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 422 -> "Unprocessable Entity";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "HTTP " + code;
        };
    }

    private static void checkStatus(int code) {
        if (code < 100 || code > 599) {
            throw new IllegalArgumentException("not an HTTP status: " + code);
        }
    }

    private static void requireNotNegative(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative");
        }
    }
}
