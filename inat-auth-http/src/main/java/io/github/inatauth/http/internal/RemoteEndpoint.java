package io.github.inatauth.http.internal;

import io.github.inatauth.internal.shared.ServerUrls;
import io.github.inatauth.ConfigurationException;
import io.github.inatauth.CredentialsRejectedException;
import io.github.inatauth.Secret;
import io.github.inatauth.ServerException;
import io.github.inatauth.spi.ProviderContext;
import io.github.inatauth.spi.Setting;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The remote-HTTP endpoint of {@code INAT_AUTH_REMOTE_URL}: one GET, with
 * {@code INAT_AUTH_REMOTE_AUTHORIZATION} as its {@code Authorization} header, answering a JSON
 * document whose object at {@code INAT_AUTH_REMOTE_POINTER} holds credential fields or tokens.
 * Requests go over the context's {@link HttpTransport}; answers are kept in this process for their
 * {@code Cache-Control: max-age} (a data cache: every {@code InatAuth} reading the same endpoint
 * shares what it answered). A {@code file:} URL names a file with that document instead (a secret that
 * Vault Agent or a Kubernetes volume keeps current): it is read at every use, so a new version counts
 * at once, however it was written.
 *
 * @param pointer an RFC 6901 JSON Pointer, {@code ""} for the root
 */
record RemoteEndpoint(URI url, Secret authorization, String pointer) {
    /** A longer max-age is cut to this: credentials may be rotated. */
    static final Duration MAX_CACHE = Duration.ofHours(1);

    private static final String HINT = "check " + Setting.REMOTE_URL + " and " + Setting.REMOTE_POINTER;
    private static final Map<RemoteEndpoint, Cached> CACHE = new ConcurrentHashMap<>();

    private record Cached(JsonObject object, Duration serverOffset, Instant until) {
    }

    /**
     * The object at the pointer, and the answering server's clock offset from this machine's (null
     * when its answer had no readable {@code Date} header).
     */
    record Answer(JsonObject object, Duration serverOffset) {
    }

    /** The endpoint configured in {@code context}, or empty when {@link Setting#REMOTE_URL} is unset. */
    static Optional<RemoteEndpoint> configured(ProviderContext context) {
        Optional<String> text = context.get(Setting.REMOTE_URL);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        String what = "remote credential URL (" + Setting.REMOTE_URL + ")";
        URI url = MountedFile.isFileUrl(text.get()) ? MountedFile.url(text.get(), what)
                : Urls.requireSecure(context.url(Setting.REMOTE_URL).orElseThrow(), what);
        String pointer = context.get(Setting.REMOTE_POINTER).map(String::trim).orElse("");
        if (!pointer.isEmpty() && !pointer.startsWith("/")) {
            throw new ConfigurationException(Setting.REMOTE_POINTER + " '" + pointer
                    + "' is not a JSON Pointer; it starts with '/', e.g. /data/data for Vault KV v2.");
        }
        return Optional.of(new RemoteEndpoint(url, context.secret(Setting.REMOTE_AUTHORIZATION).orElse(null),
                pointer));
    }

    /** How to name the endpoint in messages: the URL without query or user info, and the pointer. */
    String describe() {
        return ServerUrls.display(url) + (pointer.isEmpty() ? "" : " at " + pointer);
    }

    /**
     * The object at the pointer. With {@code useCache}, an answer younger than its max-age is reused.
     *
     * @throws ServerException when the endpoint cannot be reached, fails, or answers something else than JSON
     * @throws CredentialsRejectedException when it answers 401 or 403
     * @throws ConfigurationException when the pointer leads to nothing or to something else than an object
     */
    JsonObject fetch(ProviderContext context, boolean useCache) {
        return answer(context, useCache, null).object();
    }

    /**
     * As {@link #fetch}, with the server's clock offset as {@code clock} reads it from the answer
     * (none without a {@code clock}: credentials have no lifetimes).
     */
    Answer answer(ProviderContext context, boolean useCache, ServerClock clock) {
        Instant now = context.clock().instant();
        if (useCache) {
            Cached c = CACHE.get(this);
            if (c != null && now.isBefore(c.until)) {
                return new Answer(c.object, c.serverOffset);
            }
        }
        if (MountedFile.isFileUrl(url.toString())) {
            return new Answer(at(MountedFile.read(url, HINT)), null);
        }
        HttpTransport transport = HttpTransport.of(context);
        Request request = Request.get(url, authorization, "the request for credentials", HINT);
        Response r = transport.send(request);
        if (r.status() == 401 || r.status() == 403) {
            throw new CredentialsRejectedException("The remote credential endpoint " + ServerUrls.display(url)
                    + " refused the request (HTTP " + r.status() + "); check " + Setting.REMOTE_AUTHORIZATION + ".",
                    null, r.status());
        }
        if (r.status() == 404) {
            throw new ServerException("The remote credential endpoint " + ServerUrls.display(url)
                    + " answered HTTP 404 (nothing there); check " + Setting.REMOTE_URL
                    + " and that the secret was written.", 404, null, null);
        }
        if (!r.isSuccess()) {
            throw r.unexpectedStatus();
        }
        JsonObject object = at(r.json("a JSON document"));
        Duration offset = clock == null ? null : clock.read(r).offset();
        maxAge(r).filter(age -> !age.isZero()).ifPresentOrElse(
                age -> CACHE.put(this, new Cached(object, offset, now.plus(age.compareTo(MAX_CACHE) > 0 ? MAX_CACHE : age))),
                () -> CACHE.remove(this));
        return new Answer(object, offset);
    }

    private JsonObject at(JsonObject document) {
        if (pointer.isEmpty()) {
            return document;
        }
        JsonValue value;
        try {
            value = JsonSupport.provider().createPointer(pointer).getValue(document);
        } catch (JsonException e) {
            throw new ConfigurationException("The answer of " + ServerUrls.display(url) + " has nothing at " + Setting.REMOTE_POINTER
                    + " '" + pointer + "'; use /data/data for Vault KV v2, or leave it unset for the root.");
        }
        if (!(value instanceof JsonObject o)) {
            throw new ConfigurationException("The answer of " + ServerUrls.display(url) + " has no JSON object at "
                    + Setting.REMOTE_POINTER + " '" + pointer + "'.");
        }
        return o;
    }

    /** {@code Cache-Control: max-age}; zero for {@code no-store} / {@code no-cache}; empty when absent. */
    static Optional<Duration> maxAge(Response r) {
        Optional<String> header = r.header("Cache-Control");
        if (header.isEmpty()) {
            return Optional.empty();
        }
        Duration age = null;
        for (String directive : header.get().split(",")) {
            String d = directive.strip().toLowerCase(Locale.ROOT);
            if (d.equals("no-store") || d.equals("no-cache")) {
                return Optional.of(Duration.ZERO);
            }
            if (d.startsWith("max-age=")) {
                String v = d.substring("max-age=".length()).replace("\"", "");
                if (!v.isEmpty() && v.length() < 10 && v.chars().allMatch(Character::isDigit)) {
                    age = Duration.ofSeconds(Long.parseLong(v));
                }
            }
        }
        return Optional.ofNullable(age);
    }

    @Override
    public String toString() {
        return "RemoteEndpoint[" + describe() + "]";
    }
}
