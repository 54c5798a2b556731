package io.github.inatauth.http.internal;

import io.github.inatauth.internal.shared.ServerUrls;
import io.github.inatauth.ConfigurationException;
import io.github.inatauth.Credentials;
import io.github.inatauth.Secret;
import io.github.inatauth.ServerException;
import io.github.inatauth.spi.ProviderContext;
import io.github.inatauth.spi.Setting;
import io.github.inatauth.spi.Token;
import io.github.inatauth.spi.TokenIssuer;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The token issuer over {@code java.net.http}, for one context ({@link HttpTokenIssuerProvider} opens
 * it), over the context's one {@link HttpTransport}. The engine does caching and single flight;
 * this does one request (with bounded retries) per call. Besides the SPI's calls it makes the
 * browser sign-in's code exchange, the other way to the OAuth token.
 */
public final class HttpTokenIssuer implements TokenIssuer {
    /** Internal setting: {@code form} sends the grant as a form body (RFC 6749) instead of JSON. */

    private static final String BASE_HINT = "check the base URL (INAT_AUTH_BASE_URL); a proxy or captive portal may be in the way";
    private static final String API_HINT = "check the API URL (INAT_AUTH_API_URL)";

    private final ProviderContext context;
    private final HttpTransport transport;
    private final Request.BodyFormat bodyFormat;
    private final ServerClock serverClock;

    /** An issuer for {@code context}; checks its URLs and that a JSON-P provider is there. */
    public HttpTokenIssuer(ProviderContext context) {
        Urls.requireSecure(context.baseUrl(), "base URL (INAT_AUTH_BASE_URL)");
        Urls.requireSecure(context.apiUrl(), "API URL (" + Setting.API_URL + ")");
        JsonSupport.requireProvider(); // fail now, not at the first token, when no JSON-P provider is there
        this.context = context;
        this.transport = HttpTransport.of(context);
        this.bodyFormat = bodyFormat(context);
        this.serverClock = new ServerClock(context.clock());
    }

    private static Request.BodyFormat bodyFormat(ProviderContext context) {
        String v = context.get(Setting.HTTP_BODY_FORMAT).orElse("json").trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "json" -> Request.BodyFormat.JSON;
            case "form" -> Request.BodyFormat.FORM;
            default -> throw new ConfigurationException(Setting.HTTP_BODY_FORMAT + " must be json or form.");
        };
    }

    @Override
    public Token passwordGrant(Credentials credentials) {
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

    /**
     * The authorization code grant of the browser sign-in (RFC 6749 4.1.3, with the PKCE verifier of
     * RFC 7636, or the app secret without PKCE). Returns the OAuth token.
     */
    public Token authorizationCodeGrant(String appId, Secret code, String redirectUri, String verifier, Secret appSecret) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("grant_type", "authorization_code");
        body.put("client_id", appId);
        body.put("code", code.reveal());
        body.put("redirect_uri", redirectUri);
        List<Secret> secrets = new ArrayList<>(List.of(code));
        if (verifier != null) {
            body.put("code_verifier", verifier);
            secrets.add(Secret.of(verifier));
        }
        // Doorkeeper authenticates a confidential app (iNaturalist's default) by its secret even with PKCE,
        // and takes the secret and the verifier together: send it whenever it is known
        if (appSecret != null) {
            body.put("client_secret", appSecret.reveal());
            secrets.add(appSecret);
        }
        Request request = Request.post(tokenUrl(context.baseUrl()), Request.BodyFormat.JSON, body, secrets,
                "the authorization code exchange", "check the base URL (INAT_AUTH_BASE_URL)");
        Response response = transport.send(request);
        return OAuthAnswers.accessToken(response, serverClock.read(response).localNow(), (error, description) -> {
            if (OAuthErrors.INVALID_GRANT.equals(error)) {
                return "the code or its PKCE verifier was not accepted (codes are single-use and short-lived); sign in again";
            }
            if (OAuthErrors.INVALID_CLIENT.equals(error)) {
                return appSecret == null ? "the app is probably confidential (iNaturalist's default for new apps): set "
                        + "its secret in INAT_APP_SECRET, or uncheck \"Confidential\" in the app's settings at iNaturalist"
                        : "check the app id and secret (INAT_APP_ID, INAT_APP_SECRET)";
            }
            return "sign in again";
        });
    }

    @Override
    public Token exchangeForJwt(Secret oauthToken) {
        return apiToken(oauthToken, "the JWT request", OAuthAnswers.Refusal.OAUTH_TOKEN);
    }

    @Override
    public Token renewApiToken(Secret jwt) {
        return apiToken(jwt, "the renewal of the personal API token", OAuthAnswers.Refusal.PERSONAL_TOKEN);
    }

    /** {@code GET /users/api_token} authenticated with {@code bearer}: an OAuth token, or a JWT to renew. */
    private Token apiToken(Secret bearer, String action, OAuthAnswers.Refusal refusal) {
        Request request = Request.get(Urls.resolve(context.baseUrl(), "/users/api_token"),
                Secret.of("Bearer " + bearer.reveal()), action, BASE_HINT);
        Response response = transport.send(request);
        return OAuthAnswers.jwt(response, serverClock.read(response), refusal);
    }

    @Override
    public String login(Secret jwt) {
        Request request = Request.get(Urls.resolve(context.apiUrl(), "/users/me"),
                Secret.of("Bearer " + jwt.reveal()), "the look-up of the token's user", API_HINT);
        return OAuthAnswers.login(transport.send(request));
    }

    @Override
    public boolean validate(Secret jwt) {
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

    /** Releases the HTTP client's threads and connections: those of its context's transport. */
    @Override
    public void close() {
        HttpTransport.close(context);
    }

    @Override
    public String toString() {
        return "HttpTokenIssuer[" + ServerUrls.display(context.baseUrl()) + "]";
    }
}
