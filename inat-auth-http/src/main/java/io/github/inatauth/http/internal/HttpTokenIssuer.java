package io.github.inatauth.http.internal;

import io.github.inatauth.ConfigurationException;
import io.github.inatauth.Credentials;
import io.github.inatauth.Secret;
import io.github.inatauth.ServerException;
import io.github.inatauth.spi.ProviderContext;
import io.github.inatauth.spi.Token;
import io.github.inatauth.spi.TokenIssuer;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The token issuer over {@code java.net.http}. The instance {@link java.util.ServiceLoader} creates
 * is a factory; {@link #open} gives one configured for a context, holding one {@code HttpClient}.
 * The engine does caching and single flight; this does one request (with bounded retries) per call.
 */
public final class HttpTokenIssuer implements TokenIssuer {
    /** Internal setting: {@code form} sends the grant as a form body (RFC 6749) instead of JSON. */
    public static final String BODY_FORMAT_PROPERTY = "inat.auth.http.bodyFormat";

    private static final String BASE_HINT = "check the base URL (INAT_AUTH_BASE_URL); a proxy or captive portal may be in the way";
    private static final String API_HINT = "check the API URL (INAT_AUTH_API_URL)";

    private final ProviderContext context;
    private final HttpTransport transport;
    private final Request.BodyFormat bodyFormat;
    private final ServerClock serverClock;

    /** The factory, for {@link java.util.ServiceLoader}. */
    public HttpTokenIssuer() {
        this.context = null;
        this.transport = null;
        this.bodyFormat = Request.BodyFormat.JSON;
        this.serverClock = null;
    }

    private HttpTokenIssuer(ProviderContext context) {
        Urls.requireSecure(context.baseUrl(), "base URL (INAT_AUTH_BASE_URL)");
        Urls.requireSecure(context.apiUrl(), "API URL (INAT_AUTH_API_URL)");
        JsonSupport.provider(); // fail now, not at the first token, when no JSON-P provider is there
        this.context = context;
        this.transport = HttpTransport.owning(context.connectTimeout(), context.requestTimeout(),
                HttpTransport.DEFAULT_TRIES, retryDelay(context), context.clock()).callTimeout(context.callTimeout());
        this.bodyFormat = bodyFormat(context);
        this.serverClock = new ServerClock(context.clock());
    }

    /** The backoff base: {@value HttpTransport#RETRY_DELAY_PROPERTY} when set (tests), else the default. */
    static Duration retryDelay(ProviderContext context) {
        return context.systemProperty(HttpTransport.RETRY_DELAY_PROPERTY).map(v -> {
            try {
                return Duration.ofMillis(Long.parseLong(v.trim()));
            } catch (NumberFormatException e) {
                throw new ConfigurationException(HttpTransport.RETRY_DELAY_PROPERTY + " must be a number of milliseconds.");
            }
        }).orElse(HttpTransport.DEFAULT_BASE_DELAY);
    }

    private static Request.BodyFormat bodyFormat(ProviderContext context) {
        String v = context.systemProperty(BODY_FORMAT_PROPERTY).orElse("json").trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "json" -> Request.BodyFormat.JSON;
            case "form" -> Request.BodyFormat.FORM;
            default -> throw new ConfigurationException(BODY_FORMAT_PROPERTY + " must be json or form.");
        };
    }

    @Override
    public TokenIssuer open(ProviderContext context) {
        return new HttpTokenIssuer(Objects.requireNonNull(context));
    }

    @Override
    public Token passwordGrant(Credentials credentials) {
        requireOpen();
        if (!credentials.isComplete()) {
            throw new IllegalArgumentException("the password grant needs all four fields");
        }
        Map<String, String> body = new LinkedHashMap<>();
        body.put("grant_type", "password");
        body.put("client_id", credentials.appId());
        body.put("client_secret", credentials.appSecret().reveal());
        body.put("username", credentials.username());
        body.put("password", credentials.password().reveal());
        Request request = Request.post(tokenUrl(context.baseUrl()), bodyFormat, body,
                List.of(credentials.password(), credentials.appSecret()),
                "the password grant for user '" + credentials.username() + "'", BASE_HINT);
        Response response = transport.send(request);
        return OAuthAnswers.accessToken(response, serverClock.read(response).localNow(), OAuthAnswers.RejectHint.PASSWORD);
    }

    @Override
    public Token exchangeForJwt(Secret oauthToken) {
        requireOpen();
        Request request = Request.get(Urls.resolve(context.baseUrl(), "/users/api_token"),
                Secret.of("Bearer " + oauthToken.reveal()), "the JWT request", BASE_HINT);
        Response response = transport.send(request);
        return OAuthAnswers.jwt(response, serverClock.read(response));
    }

    @Override
    public boolean validate(Secret jwt) {
        requireOpen();
        Request request = Request.get(Urls.resolve(context.apiUrl(), "/users/me"),
                Secret.of("Bearer " + jwt.reveal()), "the token check", API_HINT);
        try {
            return transport.send(request).status() == 200;
        } catch (ServerException e) {
            return false;
        }
    }

    /** {@code /oauth/token} under the site URL. */
    public static URI tokenUrl(URI baseUrl) {
        return Urls.resolve(baseUrl, "/oauth/token");
    }

    /** Releases the HTTP client's threads and connections. */
    @Override
    public void close() {
        if (transport != null) {
            transport.close();
        }
    }

    private void requireOpen() {
        if (transport == null) {
            throw new IllegalStateException("call open(ProviderContext) first");
        }
    }

    @Override
    public String toString() {
        return context == null ? "HttpTokenIssuer[factory]" : "HttpTokenIssuer[" + Urls.display(context.baseUrl()) + "]";
    }
}
