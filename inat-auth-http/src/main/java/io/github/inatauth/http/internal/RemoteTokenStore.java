package io.github.inatauth.http.internal;

import io.github.inatauth.internal.shared.TokenTimes;
import io.github.inatauth.ServerException;
import io.github.inatauth.StoreException;
import io.github.inatauth.TokenType;
import io.github.inatauth.spi.ProviderContext;
import io.github.inatauth.spi.Setting;
import io.github.inatauth.spi.Token;
import io.github.inatauth.spi.TokenKey;
import io.github.inatauth.spi.TokenStore;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Store {@code remote}: a read-only token broker. The JSON object at {@code INAT_AUTH_REMOTE_POINTER}
 * of {@code INAT_AUTH_REMOTE_URL} holds {@code api_token} (a JWT), optionally {@code access_token}
 * and {@code expires_at} (ISO-8601 or epoch seconds; default: the JWT's {@code exp}). The engine
 * never asks iNaturalist for a token when this store is chosen; it reloads from here instead.
 */
final class RemoteTokenStore implements TokenStore {
    static final String ID = "remote";
    static final String API_TOKEN = "api_token";
    static final String ACCESS_TOKEN = "access_token";
    static final String EXPIRES_AT = "expires_at";
    /** A cached answer whose JWT expires sooner than this is fetched again. */
    private static final Duration FRESH_ENOUGH = Duration.ofMinutes(5);

    private final ProviderContext context;
    private final RemoteEndpoint endpoint;
    private final ServerClock serverClock;

    private RemoteTokenStore(ProviderContext context, RemoteEndpoint endpoint) {
        this.context = context;
        this.endpoint = endpoint;
        this.serverClock = new ServerClock(context.clock());
    }

    /** The store {@code context} configures; {@code NOT_CONFIGURED} without {@code INAT_AUTH_REMOTE_URL}. */
    static TokenStore open(ProviderContext context) {
        RemoteEndpoint e = RemoteEndpoint.configured(context).orElseThrow(() -> new StoreException(
                StoreException.Kind.NOT_CONFIGURED, "The token store 'remote' needs " + Setting.REMOTE_URL
                + " (the broker's URL, and " + Setting.REMOTE_AUTHORIZATION + " if it needs one; or the "
                + "file: URL of a file holding its JSON)."));
        return new RemoteTokenStore(context, e);
    }

    @Override
    public boolean isReadOnly() {
        return true;
    }

    @Override
    public Optional<Token> load(TokenKey key) {
        Map<TokenType, Token> tokens = tokens(true);
        Token jwt = tokens.get(TokenType.JWT);
        if (jwt != null && jwt.expiresAt() != null
                && !context.clock().instant().plus(FRESH_ENOUGH).isBefore(jwt.expiresAt())) {
            tokens = tokens(false); // the kept answer is getting old: ask the broker again
        }
        return Optional.ofNullable(tokens.get(key.type()));
    }

    private Map<TokenType, Token> tokens(boolean useCache) {
        return tokens(endpoint.answer(context, useCache, serverClock));
    }

    private Map<TokenType, Token> tokens(RemoteEndpoint.Answer answer) {
        return tokens(answer, endpoint, context.clock().instant());
    }

    /**
     * The broker's tokens, their times on this machine's clock: {@code expires_at} and a JWT's
     * {@code exp} are times of the broker's clock (its {@code Date} header), moved by its offset.
     * A {@link ServerException} naming {@code endpoint} when they are unusable.
     */
    static Map<TokenType, Token> tokens(RemoteEndpoint.Answer answer, RemoteEndpoint endpoint, Instant localNow) {
        JsonObject o = answer.object();
        ServerClock.Reading clocks = new ServerClock.Reading(localNow, answer.serverOffset());
        Instant serverNow = clocks.serverNow();
        Map<TokenType, Token> tokens = new LinkedHashMap<>();
        Optional<Instant> expiresAt = expiresAt(o.get(EXPIRES_AT), endpoint);
        Function<String, ServerException> refused = what -> new ServerException("The token broker "
                + endpoint.describe() + " gave " + what + ".", null);
        JsonSupport.token(o, API_TOKEN, value -> expiresAt.map(exp -> new Token(value, serverNow, exp))
                .orElseGet(() -> Token.jwt(value, serverNow)), refused)
                .ifPresent(t -> tokens.put(TokenType.JWT, clocks.onThisMachine(t)));
        JsonSupport.token(o, ACCESS_TOKEN, value -> new Token(value, serverNow, null), refused)
                .ifPresent(t -> tokens.put(TokenType.OAUTH, clocks.onThisMachine(t)));
        return tokens;
    }

    /** {@code expires_at}: ISO-8601 or epoch seconds (a number or digits), within 1970..9999. */
    private static Optional<Instant> expiresAt(JsonValue value, RemoteEndpoint endpoint) {
        if (value == null || value == JsonValue.NULL) {
            return Optional.empty();
        }
        Instant at = null;
        try {
            if (value instanceof JsonNumber n) {
                at = Instant.ofEpochSecond(n.longValueExact());
            } else if (value instanceof JsonString s) {
                String text = s.getString().strip();
                at = !text.isEmpty() && text.length() < 13 && text.chars().allMatch(c -> c >= '0' && c <= '9')
                        ? Instant.ofEpochSecond(Long.parseLong(text))
                        : OffsetDateTime.parse(text).toInstant();
            }
        } catch (ArithmeticException | DateTimeException e) {
            // reported below: 1e999999999, 1.5, 9223372036854775807, +999999999-12-31T23:59:59Z
        }
        if (at == null || !TokenTimes.isPlausible(at)) {
            throw new ServerException("The token broker " + endpoint.describe() + " gave an '" + EXPIRES_AT
                    + "' that is not a time between 1970 and 9999 in ISO-8601 or epoch seconds.", null);
        }
        return Optional.of(at);
    }

    @Override
    public void save(TokenKey key, Token token) {
        throw new UnsupportedOperationException("the token store 'remote' is read-only: the broker writes it");
    }

    /** Nothing to forget here: the broker owns its tokens. */
    @Override
    public void delete(TokenKey key) {
    }

    @Override
    public Map<TokenKey, Token> list() {
        Map<TokenKey, Token> all = new LinkedHashMap<>();
        RemoteEndpoint.Answer answer = endpoint.answer(context, true, serverClock);
        JsonObject o = answer.object();
        String appId = JsonSupport.text(o, "app_id").orElse("");
        String username = JsonSupport.text(o, "username").orElse("");
        tokens(answer).forEach((type, token) ->
                all.put(new TokenKey(context.baseUrl().toString(), appId, username, type), token));
        return all;
    }

    /** Releases the HTTP client of its context's transport. */
    @Override
    public void close() {
        HttpTransport.close(context);
    }

    @Override
    public String toString() {
        return "RemoteTokenStore[" + endpoint.describe() + "]";
    }
}
