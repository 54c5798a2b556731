package io.github.inatauth.testkit;

import io.github.inatauth.testkit.Accounts.App;
import io.github.inatauth.testkit.Accounts.AuthorizationCode;
import io.github.inatauth.testkit.Accounts.Issued;
import io.github.inatauth.testkit.Accounts.SignedJwt;
import io.github.inatauth.testkit.Accounts.User;
import io.github.inatauth.testkit.InatTestServer.Endpoint;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What iNaturalist's endpoints answer, faults aside: the OAuth server (Doorkeeper's behaviour and
 * texts), the JWT exchange, {@code /v1/users/me}, and the broker paths set up by tests.
 */
final class AuthEndpoints {

    // Doorkeeper's error descriptions (config/locales/en.yml), which iNaturalist sends as they are
    static final String INVALID_CLIENT = "Client authentication failed due to unknown client, no client"
            + " authentication included, or unsupported authentication method.";
    static final String INVALID_GRANT = "The provided authorization grant is invalid, expired, revoked, does"
            + " not match the redirection URI used in the authorization request, or was issued to another client.";
    static final String UNSUPPORTED_GRANT_TYPE =
            "The authorization grant type is not supported by the authorization server.";
    static final String INVALID_REQUEST = "The request is missing a required parameter, includes an unsupported"
            + " parameter value, or is otherwise malformed.";
    static final String ACCESS_DENIED = "The resource owner or authorization server denied the request.";
    static final String UNSUPPORTED_RESPONSE_TYPE =
            "The authorization server does not support this response type.";
    static final String INVALID_SCOPE = "The requested scope is invalid, unknown, or malformed.";
    static final String INVALID_REDIRECT_URI =
            "The requested redirect uri is malformed or doesn't match client redirect URI.";
    static final String UNAUTHORIZED_REVOKE = "You are not authorized to revoke this token";
    static final String REVOKED = "The access token was revoked";
    static final String INVALID_TOKEN = "The access token is invalid";
    // iNaturalist's own text (OauthTokensController, :this_user_has_been_suspended)
    static final String SUSPENDED = "This user has been suspended";

    /**
     * The redirect URIs every app has registered: loopback for the browser sign-in (any port, RFC 8252
     * as Doorkeeper compares them) and out-of-band.
     */
    static final String LOOPBACK_REDIRECT_URI = "http://127.0.0.1";

    /** A path of {@link Endpoint#BROKER}: fixed JSON or a live broker, optionally guarded. */
    private static final class BrokerRoute {
        volatile String json;
        volatile String brokerUser;
        volatile String requiredAuthorization;
        volatile String cacheControl;
        /** The broker's OAuth token, kept while it is good. */
        String accessToken;
    }

    private final Accounts accounts;
    private final String brokerAppId;
    private final AtomicInteger grants = new AtomicInteger();
    private final AtomicInteger jwts = new AtomicInteger();
    private final Map<String, BrokerRoute> brokerRoutes = new ConcurrentHashMap<>();
    private final Map<String, ApiRoute> apiRoutes = new ConcurrentHashMap<>();

    /** A path of {@link Endpoint#API}: its JSON, and whether a JWT is required or optional (a bad one ignored). */
    private record ApiRoute(String json, boolean jwtRequired) {
    }
    private volatile String consentUser;

    AuthEndpoints(Accounts accounts, String defaultUser, String brokerAppId) {
        this.accounts = accounts;
        this.consentUser = defaultUser;
        this.brokerAppId = brokerAppId;
    }

    // ---------------------------------------------------------------- settings and counts

    void consent(String username) {
        accounts.user(username);
        consentUser = username;
    }

    void refuseConsent() {
        consentUser = null;
    }

    int grantCount() {
        return grants.get();
    }

    int jwtCount() {
        return jwts.get();
    }

    void resetCounts() {
        grants.set(0);
        jwts.set(0);
    }

    /** Which endpoint a path belongs to, or {@code null} for none. */
    Endpoint endpointOf(String path) {
        return switch (path) {
            case "/oauth/token" -> Endpoint.TOKEN;
            case "/users/api_token", "/users/api_token.json" -> Endpoint.API_TOKEN;
            case "/v1/users/me" -> Endpoint.USERS_ME;
            case "/oauth/authorize", "/oauth/authorize/native" -> Endpoint.AUTHORIZE;
            case "/oauth/revoke" -> Endpoint.REVOKE;
            default -> brokerRoutes.containsKey(path) ? Endpoint.BROKER
                    : apiRoutes.containsKey(path) ? Endpoint.API : null;
        };
    }

    // ---------------------------------------------------------------- dispatch

    Response answer(Request request) {
        Endpoint endpoint = endpointOf(request.path());
        if (endpoint == null) {
            return Response.status(404);
        }
        if (endpoint == Endpoint.API) {
            return api(request); // any method, as the real API has many
        }
        String allowed = endpoint == Endpoint.TOKEN || endpoint == Endpoint.REVOKE ? "POST" : "GET";
        String method = request.method();
        if (!method.equals(allowed) && !(allowed.equals("GET") && method.equals("HEAD"))) {
            return Response.status(405).withHeader("Allow", allowed);
        }
        return switch (endpoint) {
            case TOKEN -> request.malformedBody() ? oauthError(400, "invalid_request", INVALID_REQUEST) : token(request);
            case API_TOKEN -> apiToken(request);
            case USERS_ME -> usersMe(request);
            case AUTHORIZE -> request.path().endsWith("/native") ? nativePage(request.params()) : authorize(request.params());
            case REVOKE -> request.malformedBody() ? oauthError(400, "invalid_request", INVALID_REQUEST) : revoke(request);
            case BROKER -> broker(request);
            case API, ANY -> throw new AssertionError("not an endpoint with one method: " + endpoint);
        };
    }

    // ---------------------------------------------------------------- POST /oauth/token

    private Response token(Request request) {
        Map<String, String> params = request.params();
        String grantType = params.get("grant_type");
        if (grantType == null || grantType.isEmpty()) {
            return oauthError(400, "invalid_request", INVALID_REQUEST);
        }
        String[] client = clientCredentials(request);
        App app = accounts.app(client[0]);
        String clientSecret = client[1];
        switch (grantType) {
            case "password" -> {
                if (app == null || !app.secret().matches(clientSecret)) {
                    return oauthError(401, "invalid_client", INVALID_CLIENT);
                }
                Set<String> scopes = scopes(params.get("scope"));
                if (scopes == null) {
                    return oauthError(400, "invalid_scope", INVALID_SCOPE);
                }
                // iNaturalist's resource_owner_from_credentials: login, email or username, in any case
                String username = params.get("login") != null ? params.get("login")
                        : params.get("email") != null ? params.get("email") : params.get("username");
                User user = accounts.authenticate(username, params.get("password"));
                return user == null ? oauthError(400, "invalid_grant", INVALID_GRANT) : grant(user, app, scopes);
            }
            case "authorization_code" -> {
                if (app == null || (clientSecret != null && !app.secret().matches(clientSecret))) {
                    return oauthError(401, "invalid_client", INVALID_CLIENT);
                }
                return codeGrant(app, clientSecret != null, params);
            }
            default -> {
                return oauthError(400, "unsupported_grant_type", UNSUPPORTED_GRANT_TYPE);
            }
        }
    }

    private Response codeGrant(App app, boolean clientAuthenticated, Map<String, String> params) {
        String code = params.get("code");
        AuthorizationCode grant = accounts.code(code);
        if (grant == null || !grant.appId().equals(app.appId()) || !grant.redirectUri().equals(params.get("redirect_uri"))) {
            return oauthError(400, "invalid_grant", INVALID_GRANT);
        }
        if (grant.challenge() != null) {
            String verifier = params.get("code_verifier");
            if (verifier == null || !constantTimeEquals(grant.challenge(), challengeOf(verifier, grant.challengeMethod()))) {
                return oauthError(400, "invalid_grant", INVALID_GRANT);
            }
        } else if (!clientAuthenticated) {
            // without PKCE the client must prove itself with its secret
            return oauthError(401, "invalid_client", INVALID_CLIENT);
        }
        if (!accounts.useUp(code, grant)) {
            return oauthError(400, "invalid_grant", INVALID_GRANT); // another request used it first
        }
        return grant(accounts.user(grant.username()), app, grant.scopes());
    }

    /**
     * A new OAuth token, unless the user is suspended: then iNaturalist's tokens controller answers 400
     * {@code invalid_grant} with its own description (and nothing about when the suspension ends).
     */
    private Response grant(User user, App app, Set<String> scopes) {
        Instant suspendedUntil = accounts.suspendedUntil(user);
        if (suspendedUntil != null) {
            return Response.json(400, Json.object().put("error", "invalid_grant").put("error_description", SUSPENDED)
                    .build());
        }
        String token = accounts.issueAccessToken(user, app, scopes);
        grants.incrementAndGet();
        return Response.json(200, Json.object()
                .put("access_token", token)
                .put("token_type", "Bearer")
                .put("scope", String.join(" ", ordered(scopes)))
                .put("created_at", accounts.now())
                .build());
    }

    /**
     * The scopes asked for ({@code null}, empty: Doorkeeper's default scopes), or {@code null} when one
     * of them is not iNaturalist's ({@code invalid_scope}).
     */
    private static Set<String> scopes(String asked) {
        if (asked == null || asked.isBlank()) {
            return Accounts.DEFAULT_SCOPES;
        }
        Set<String> scopes = Arrays.stream(asked.trim().split("\\s+")).collect(Collectors.toUnmodifiableSet());
        return Accounts.DEFAULT_SCOPES.containsAll(scopes) ? scopes : null;
    }

    /** The scopes in Doorkeeper's order (its configuration's: {@code write login}). */
    private static List<String> ordered(Set<String> scopes) {
        return Stream.of("write", "login").filter(scopes::contains).toList();
    }

    /** Client id and secret from HTTP Basic authentication, else from the parameters. */
    private static String[] clientCredentials(Request request) {
        String authorization = request.header("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                        StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                if (colon > 0) {
                    return new String[] {
                        URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
                        URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8)};
                }
            } catch (IllegalArgumentException e) {
                return new String[] {null, null};
            }
        }
        String secret = request.params().get("client_secret");
        return new String[] {request.params().get("client_id"), secret == null || secret.isEmpty() ? null : secret};
    }

    private static Response oauthError(int status, String error, String description) {
        return Response.json(status, Json.object().put("error", error).put("error_description", description).build());
    }

    // ---------------------------------------------------------------- GET /users/api_token, GET /v1/users/me

    private Response apiToken(Request request) {
        String bearer = request.bearerToken();
        if (bearer != null && bearer.indexOf('.') >= 0) {
            return renewJwt(bearer);
        }
        Issued issued = accounts.accessToken(bearer);
        if (issued == null || !accounts.isCurrent(issued)) {
            // Doorkeeper's doorkeeper_authorize!: an empty body, the reason in the header
            String description = issued == null ? INVALID_TOKEN : REVOKED;
            return new Response(401, "text/html", new byte[0], Map.of("WWW-Authenticate",
                    "Bearer realm=\"Doorkeeper\", error=\"invalid_token\", error_description=\"" + description + "\""));
        }
        if (!issued.scopes().contains("write")) {
            // doorkeeper_authorize! :write on a token without it: 403, nothing else
            return new Response(403, "text/html", new byte[0], Map.of());
        }
        SignedJwt jwt = accounts.issueJwt(accounts.userOf(issued), accounts.app(issued.appId()));
        jwts.incrementAndGet();
        return Response.json(200, Json.object().put("api_token", jwt.token()).build());
    }

    /**
     * A JWT as authentication (iNaturalist's Devise JWT strategy, which takes a Bearer value that is a
     * JWT before Doorkeeper sees it): a valid one gets a new JWT of a fresh lifetime for the same user
     * (and app, when it had one); an expired or forged one gets 401.
     */
    private Response renewJwt(String jwt) {
        SignedJwt renewed = accounts.renewJwt(jwt);
        if (renewed == null) {
            return Response.json(401, Json.object().put("error", "Unauthorized").build());
        }
        jwts.incrementAndGet();
        return Response.json(200, Json.object().put("api_token", renewed.token()).build());
    }

    private Response usersMe(Request request) {
        User user = userOfJwt(request);
        if (user == null) {
            return Response.status(401);
        }
        String result = Json.object().put("id", user.id()).put("login", user.login()).put("name", user.login()).build();
        return Response.json(200, Json.object().put("total_results", 1).put("page", 1).put("per_page", 1)
                .raw("results", "[" + result + "]").build());
    }

    private Response api(Request request) {
        ApiRoute route = apiRoutes.get(request.path());
        // where signing in is optional, the API takes a bad or expired JWT for no JWT: the anonymous answer
        return route.jwtRequired() && userOfJwt(request) == null ? Response.status(401) : Response.json(200, route.json());
    }

    /** The user of the JWT in the {@code Authorization} header, as the API takes it: raw or after {@code Bearer}. */
    private User userOfJwt(Request request) {
        String authorization = request.header("Authorization");
        String bearer = request.bearerToken();
        return authorization == null ? null : accounts.userOfJwt(bearer != null ? bearer : authorization.trim());
    }

    // ---------------------------------------------------------------- POST /oauth/revoke

    /**
     * RFC 7009 as Doorkeeper 5.5 answers it: the client must authenticate (a public client by its id
     * alone; every app of this server is confidential, so with its secret), else 403
     * {@code unauthorized_client}. Then an unknown or already revoked token, or none, is 200 as a revoked
     * one is; a token of another app is 403.
     */
    private Response revoke(Request request) {
        String[] client = clientCredentials(request);
        App app = accounts.app(client[0]);
        if (app == null || !app.secret().matches(client[1])) {
            return oauthError(403, "unauthorized_client", UNAUTHORIZED_REVOKE);
        }
        Issued issued = accounts.accessToken(request.params().get("token"));
        if (issued != null) {
            if (!issued.appId().equals(app.appId())) {
                return oauthError(403, "unauthorized_client", UNAUTHORIZED_REVOKE);
            }
            accounts.revoke(issued);
        }
        return Response.json(200, "{}");
    }

    // ---------------------------------------------------------------- GET /oauth/authorize

    private Response authorize(Map<String, String> params) {
        App app = accounts.app(params.get("client_id"));
        String redirectUri = params.get("redirect_uri");
        if (app == null) {
            return errorPage(401, "invalid_client", INVALID_CLIENT); // never redirect for an unknown client
        }
        if (redirectUri == null || redirectUri.isEmpty()) {
            return errorPage(400, "invalid_request", INVALID_REQUEST);
        }
        boolean oob = redirectUri.equals(InatTestServer.OOB_REDIRECT_URI);
        if (!oob && !matchesLoopback(redirectUri)) {
            return errorPage(400, "invalid_redirect_uri", INVALID_REDIRECT_URI); // never redirect to an unregistered URI
        }
        String state = params.get("state");
        if (!"code".equals(params.get("response_type"))) {
            return authorizeError(redirectUri, oob, "unsupported_response_type", UNSUPPORTED_RESPONSE_TYPE, state);
        }
        String challenge = params.get("code_challenge");
        if (challenge != null && challenge.isEmpty()) {
            challenge = null;
        }
        String method = challenge == null ? null : Objects.requireNonNullElse(params.get("code_challenge_method"), "plain");
        if (method != null && !method.equals("S256") && !method.equals("plain")) {
            return authorizeError(redirectUri, oob, "invalid_request", INVALID_REQUEST, state);
        }
        Set<String> scopes = scopes(params.get("scope"));
        if (scopes == null) {
            return authorizeError(redirectUri, oob, "invalid_scope", INVALID_SCOPE, state);
        }
        String username = consentUser;
        if (username == null) {
            return authorizeError(redirectUri, oob, "access_denied", ACCESS_DENIED, state);
        }
        String code = accounts.issueCode(app, accounts.user(username), redirectUri, scopes, challenge, method);
        if (oob) {
            // Doorkeeper sends the browser on to its native page, which shows the code
            return Response.redirect("/oauth/authorize/native?code=" + URLEncoder.encode(code, StandardCharsets.UTF_8));
        }
        Map<String, String> query = new LinkedHashMap<>();
        query.put("code", code);
        query.put("state", state);
        return Response.redirect(withQuery(redirectUri, query));
    }

    /**
     * Doorkeeper's {@code /oauth/authorize/native}: the code of the out-of-band flow, shown for the user
     * to copy, whatever it is (the page checks nothing).
     */
    private static Response nativePage(Map<String, String> params) {
        String code = Objects.requireNonNullElse(params.get("code"), "");
        return Response.html(200, "<!DOCTYPE html>\n<html><head><title>Authorization code</title></head><body>"
                + "<header class=\"page-header\"><h1>Authorization code:</h1></header>"
                + "<main role=\"main\"><code id=\"authorization_code\">" + htmlEscape(code) + "</code></main>"
                + "</body></html>\n");
    }

    /**
     * Whether a redirect URI matches the registered {@value #LOOPBACK_REDIRECT_URI} as Doorkeeper compares
     * them: the port is ignored for a loopback IP address (RFC 8252 7.3), and so is the query;
     * {@code localhost} is not an IP address, and any path differs.
     */
    static boolean matchesLoopback(String redirectUri) {
        URI uri;
        try {
            uri = new URI(redirectUri);
        } catch (URISyntaxException e) {
            return false;
        }
        String path = uri.getRawPath();
        return "http".equals(uri.getScheme()) && "127.0.0.1".equals(uri.getHost()) && uri.getRawUserInfo() == null
                && (path == null || path.isEmpty()) && uri.getRawFragment() == null;
    }

    private static String htmlEscape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }

    private static Response authorizeError(String redirectUri, boolean oob, String error, String description,
                                           String state) {
        if (oob) {
            Json.ObjectWriter body = Json.object().put("error", error).put("error_description", description);
            if (state != null) {
                body.put("state", state);
            }
            return Response.json(400, body.build());
        }
        Map<String, String> query = new LinkedHashMap<>();
        query.put("error", error);
        query.put("error_description", description);
        query.put("state", state);
        return Response.redirect(withQuery(redirectUri, query));
    }

    /** The URI with the non-null parameters appended to its query. */
    private static String withQuery(String uri, Map<String, String> query) {
        StringBuilder location = new StringBuilder(uri);
        char separator = uri.contains("?") ? '&' : '?';
        for (Map.Entry<String, String> e : query.entrySet()) {
            if (e.getValue() != null) {
                location.append(separator).append(e.getKey()).append('=')
                        .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
                separator = '&';
            }
        }
        return location.toString();
    }

    private static Response errorPage(int status, String error, String description) {
        return Response.html(status, "<!DOCTYPE html>\n<html><head><title>An error has occurred</title></head>"
                + "<body><h1>An error has occurred</h1><p id=\"error\">" + error + "</p><p>" + description
                + "</p></body></html>\n");
    }

    private static String challengeOf(String verifier, String method) {
        if (method.equals("plain")) {
            return verifier;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    // ---------------------------------------------------------------- API, broker and secrets paths

    void serveApi(String path, String json, boolean jwtRequired) {
        checkFree(path, apiRoutes);
        apiRoutes.put(path, new ApiRoute(json, jwtRequired));
    }

    void serveJson(String path, String json) {
        BrokerRoute route = route(path);
        route.json = json;
        route.brokerUser = null;
    }

    void requireAuthorization(String path, String headerValue) {
        route(path).requiredAuthorization = headerValue;
    }

    void cacheControl(String path, String value) {
        route(path).cacheControl = value;
    }

    void brokerFor(String path, String username) {
        accounts.user(username);
        BrokerRoute route = route(path);
        synchronized (route) {
            route.brokerUser = username;
            route.json = null;
            route.accessToken = null;
        }
    }

    private BrokerRoute route(String path) {
        checkFree(path, brokerRoutes);
        return brokerRoutes.computeIfAbsent(path, p -> new BrokerRoute());
    }

    /** Refuses a path that is not absolute or that belongs to another kind of endpoint than {@code own}'s. */
    private void checkFree(String path, Map<String, ?> own) {
        Objects.requireNonNull(path, "path");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("a path starts with '/': " + path);
        }
        if (endpointOf(path) != null && !own.containsKey(path)) {
            throw new IllegalArgumentException(path + " is already an endpoint of another kind");
        }
    }

    private Response broker(Request request) {
        BrokerRoute route = brokerRoutes.get(request.path());
        String required = route.requiredAuthorization;
        if (required != null && !constantTimeEquals(required, request.header("Authorization"))) {
            return Response.json(401, Json.object().raw("errors", "[\"permission denied\"]").build());
        }
        Response response;
        String username = route.brokerUser;
        String json = route.json;
        if (username != null) {
            response = Response.json(200, brokerBody(route, accounts.user(username)));
        } else if (json != null) {
            response = Response.json(200, json);
        } else {
            response = Response.json(404, Json.object().raw("errors", "[]").build());
        }
        String cacheControl = route.cacheControl;
        return cacheControl == null ? response : response.withHeader("Cache-Control", cacheControl);
    }

    /** A new JWT each time, with the broker's OAuth token, renewed only once it is no longer good. */
    private String brokerBody(BrokerRoute route, User user) {
        App app = accounts.app(brokerAppId);
        String accessToken;
        synchronized (route) {
            Issued held = accounts.accessToken(route.accessToken);
            if (held == null || !accounts.isCurrent(held) || !held.username().equals(user.login())) {
                route.accessToken = accounts.issueAccessToken(user, app);
            }
            accessToken = route.accessToken;
        }
        SignedJwt jwt = accounts.issueJwt(user, app);
        return Json.object().put("api_token", jwt.token()).put("access_token", accessToken)
                .put("expires_at", jwt.expiresAt()).build();
    }

    private static boolean constantTimeEquals(String expected, String actual) {
        return actual != null && MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), actual.getBytes(StandardCharsets.UTF_8));
    }
}
