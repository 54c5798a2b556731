package io.github.inatauth.testkit;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.inatauth.Credentials;
import io.github.inatauth.Secret;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A local stand-in for iNaturalist's auth endpoints, on the JDK's HTTP server at {@code 127.0.0.1}:
 * <ul>
 *   <li>{@code POST /oauth/token}: password and authorization-code grants (JSON or form body), with
 *       Doorkeeper's error bodies;</li>
 *   <li>{@code GET /oauth/authorize}: the authorization-code flow with PKCE, consent set by the test;</li>
 *   <li>{@code GET /users/api_token}: an HS512 JWT for a valid OAuth token;</li>
 *   <li>{@code GET /v1/users/me}: the user of a valid JWT;</li>
 *   <li>any path given to {@link #serveJson} or {@link #brokerFor}: a secrets endpoint or token broker.</li>
 * </ul>
 * Faults can be injected per endpoint; requests are counted and captured for assertions. All methods
 * are thread-safe.
 *
 * <pre>{@code
 * try (InatTestServer server = InatTestServer.start()) {
 *     // point the code under test at server.baseUrl() and server.apiUrl(), with server.defaultCredentials()
 *     server.failNext(Endpoint.TOKEN, Fault.dropConnection());
 *     ...
 *     assertThat(server.grantCount()).isEqualTo(1);
 * }
 * }</pre>
 */
public final class InatTestServer implements AutoCloseable {

    /** The endpoints, for faults and counts. {@link #ANY} means every request. */
    public enum Endpoint { TOKEN, API_TOKEN, USERS_ME, AUTHORIZE, BROKER, ANY }

    public static final String DEFAULT_USERNAME = "inat-test-user";
    public static final String DEFAULT_PASSWORD = "inat-test-password";
    public static final String DEFAULT_APP_ID = "inat-test-app";
    public static final String DEFAULT_APP_SECRET = "inat-test-app-secret";
    /** The out-of-band redirect URI: the code is shown on a page instead of redirected. */
    public static final String OOB_REDIRECT_URI = "urn:ietf:wg:oauth:2.0:oob";
    public static final Duration DEFAULT_JWT_LIFETIME = Duration.ofHours(24);

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
    private static final Duration CODE_LIFETIME = Duration.ofMinutes(10);
    private static final String JSON = "application/json; charset=utf-8";
    private static final String HTML = "text/html; charset=utf-8";
    private static final System.Logger LOG = System.getLogger(InatTestServer.class.getName());
    private static final AtomicInteger SERVER_NUMBER = new AtomicInteger();

    private record User(long id, String login, Secret password, AtomicInteger generation) {
    }

    private record App(long id, String appId, Secret secret) {
    }

    /** The generation of a single token revoked on its own; users' generations count up from 0. */
    private static final int REVOKED = -1;

    /** Who a token was issued to, and in which revocation generation of that user. */
    private record Issued(String username, String appId, int generation) {
    }

    private record AuthorizationCode(String appId, String username, String redirectUri, String challenge,
                                     String challengeMethod, Instant expiresAt) {
    }

    private record Response(int status, String contentType, byte[] body, Map<String, String> headers) {
        static Response json(int status, String json) {
            return new Response(status, JSON, json.getBytes(StandardCharsets.UTF_8), Map.of());
        }

        static Response html(int status, String html) {
            return new Response(status, HTML, html.getBytes(StandardCharsets.UTF_8), Map.of());
        }

        Response withHeader(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(name, value);
            return new Response(status, contentType, body, more);
        }
    }

    /** A path of {@link Endpoint#BROKER}: fixed JSON or a live broker, optionally guarded. */
    private static final class BrokerRoute {
        volatile String json;
        volatile String brokerUser;
        volatile String requiredAuthorization;
        volatile String cacheControl;
        volatile String accessToken;
    }

    private final HttpServer http;
    private final ExecutorService executor;
    private final URI baseUrl;
    private final SecureRandom random = new SecureRandom();
    private final Jwt jwt = new Jwt(random);
    private volatile Clock clock;
    private volatile Duration jwtLifetime;
    private volatile String consentUser = DEFAULT_USERNAME;
    private volatile boolean revokeOnNewGrant;

    private final AtomicLong nextUserId = new AtomicLong(1);
    private final AtomicLong nextAppId = new AtomicLong(1);
    private final Map<String, User> users = new ConcurrentHashMap<>();
    private final Map<String, App> apps = new ConcurrentHashMap<>();
    private final Map<String, Issued> accessTokens = new ConcurrentHashMap<>();
    private final Map<String, Issued> jwtIds = new ConcurrentHashMap<>();
    private final Map<String, AuthorizationCode> codes = new ConcurrentHashMap<>();
    private final Map<String, BrokerRoute> brokerRoutes = new ConcurrentHashMap<>();

    private final AtomicInteger grants = new AtomicInteger();
    private final AtomicInteger jwts = new AtomicInteger();
    private final Map<Endpoint, AtomicInteger> requestCounts = new EnumMap<>(Endpoint.class);
    private final List<RecordedRequest> recorded = Collections.synchronizedList(new ArrayList<>());
    private final Map<Endpoint, Queue<Fault>> nextFaults = new EnumMap<>(Endpoint.class);
    private final Map<Endpoint, Fault> lastingFaults = new ConcurrentHashMap<>();
    private final Map<Endpoint, Duration> delays = new ConcurrentHashMap<>();

    private InatTestServer(Builder builder) throws IOException {
        clock = builder.clock;
        jwtLifetime = builder.jwtLifetime;
        for (Endpoint e : Endpoint.values()) {
            requestCounts.put(e, new AtomicInteger());
            nextFaults.put(e, new ConcurrentLinkedQueue<>());
        }
        addUser(DEFAULT_USERNAME, DEFAULT_PASSWORD);
        addApp(DEFAULT_APP_ID, DEFAULT_APP_SECRET);
        builder.users.forEach(this::addUser);
        builder.apps.forEach(this::addApp);

        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        http = HttpServer.create(new InetSocketAddress(loopback, builder.port), 1024);
        int number = SERVER_NUMBER.incrementAndGet();
        AtomicInteger threadNumber = new AtomicInteger();
        ThreadFactory threads = task -> {
            Thread t = new Thread(task, "inat-test-server-" + number + "-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        // a thread per request in flight: tests run hundreds of concurrent clients against delayed answers
        executor = Executors.newCachedThreadPool(threads);
        http.setExecutor(executor);
        http.createContext("/", this::handle);
        http.start();
        baseUrl = URI.create("http://127.0.0.1:" + http.getAddress().getPort());
    }

    /** Starts a server on an ephemeral port of {@code 127.0.0.1}, with the default user and app. */
    public static InatTestServer start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Options for a server; {@link #start()} starts it. */
    public static final class Builder {
        private int port;
        private Clock clock = Clock.systemUTC();
        private Duration jwtLifetime = DEFAULT_JWT_LIFETIME;
        private final Map<String, String> users = new LinkedHashMap<>();
        private final Map<String, String> apps = new LinkedHashMap<>();

        private Builder() {
        }

        /** The port on 127.0.0.1; 0 (the default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("not a port: " + port);
            }
            this.port = port;
            return this;
        }

        /** The clock for JWT {@code iat}/{@code exp}, their expiry check, and code expiry. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Builder jwtLifetime(Duration lifetime) {
            this.jwtLifetime = checkLifetime(lifetime);
            return this;
        }

        /** A user besides the default one. */
        public Builder user(String username, String password) {
            users.put(requireText(username, "username"), requireText(password, "password"));
            return this;
        }

        /** An app besides the default one. */
        public Builder app(String appId, String appSecret) {
            apps.put(requireText(appId, "appId"), requireText(appSecret, "appSecret"));
            return this;
        }

        public InatTestServer start() {
            try {
                return new InatTestServer(this);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the test server on 127.0.0.1:" + port, e);
            }
        }
    }

    // ---------------------------------------------------------------- addresses and set-up

    /** {@code http://127.0.0.1:PORT}, without a trailing slash: the stand-in for {@code https://www.inaturalist.org}. */
    public URI baseUrl() {
        return baseUrl;
    }

    /** {@link #baseUrl()} + {@code /v1}: the stand-in for {@code https://api.inaturalist.org/v1}. */
    public URI apiUrl() {
        return URI.create(baseUrl + "/v1");
    }

    public int port() {
        return baseUrl.getPort();
    }

    /** The default user's and app's credentials, accepted by the password grant. */
    public Credentials defaultCredentials() {
        return Credentials.of(DEFAULT_USERNAME, DEFAULT_PASSWORD, DEFAULT_APP_ID, DEFAULT_APP_SECRET);
    }

    /** Adds a user, or changes the password of an existing one (keeping its id and tokens). */
    public InatTestServer addUser(String username, String password) {
        requireText(username, "username");
        Secret secret = Secret.of(requireText(password, "password"));
        users.compute(username, (name, old) -> old == null
                ? new User(nextUserId.getAndIncrement(), name, secret, new AtomicInteger())
                : new User(old.id(), name, secret, old.generation()));
        return this;
    }

    /** Adds an app (OAuth client), or changes the secret of an existing one. */
    public InatTestServer addApp(String appId, String appSecret) {
        requireText(appId, "appId");
        Secret secret = Secret.of(requireText(appSecret, "appSecret"));
        apps.compute(appId, (id, old) -> new App(old == null ? nextAppId.getAndIncrement() : old.id(), id, secret));
        return this;
    }

    /** The numeric id of a user, as in the JWT's {@code user_id} and in {@code /v1/users/me}. */
    public long userId(String username) {
        return user(username).id();
    }

    /** The lifetime of JWTs issued from now on. */
    public InatTestServer jwtLifetime(Duration lifetime) {
        this.jwtLifetime = checkLifetime(lifetime);
        return this;
    }

    /** The clock for JWT {@code iat}/{@code exp} from now on, for judging expiry, and for code expiry. */
    public InatTestServer clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /** The key that signs the JWTs (HMAC-SHA512), so that tests can verify them. */
    public byte[] jwtSigningKey() {
        return jwt.key();
    }

    /**
     * An OAuth access token for the user and the default app, as a password grant would give, without
     * a request and without counting as a grant: for tests that start from a stored token.
     */
    public String issueAccessToken(String username) {
        return issueAccessToken(user(username), apps.get(DEFAULT_APP_ID));
    }

    /** A JWT for the user, as {@code /users/api_token} would give, without a request and without counting. */
    public String issueJwt(String username) {
        return issueJwt(user(username), apps.get(DEFAULT_APP_ID));
    }

    /** From now on {@code /users/api_token} and {@code /v1/users/me} refuse every token issued so far to the user. */
    public InatTestServer revokeTokens(String username) {
        user(username).generation().incrementAndGet();
        return this;
    }

    /**
     * Whether a new grant revokes the OAuth tokens issued earlier to the same user and app, as
     * iNaturalist may do (off by default). On, it shows clients that ask for a token while holding a good one.
     */
    public InatTestServer revokeEarlierTokensOnGrant(boolean revoke) {
        revokeOnNewGrant = revoke;
        return this;
    }

    /** {@code /oauth/authorize} approves as this user (the default user unless changed). */
    public InatTestServer consent(String username) {
        user(username);
        consentUser = username;
        return this;
    }

    /** {@code /oauth/authorize} answers {@code access_denied}, as when the user clicks "Deny". */
    public InatTestServer refuseConsent() {
        consentUser = null;
        return this;
    }

    // ---------------------------------------------------------------- broker / secrets endpoint

    /** GET {@code path} answers 200 with this JSON body (a secrets endpoint such as Vault KV v2). */
    public InatTestServer serveJson(String path, String json) {
        BrokerRoute route = route(path);
        route.json = Objects.requireNonNull(json, "json");
        route.brokerUser = null;
        return this;
    }

    /** GET {@code path} answers 401 unless the {@code Authorization} header is exactly this value. */
    public InatTestServer requireAuthorization(String path, String headerValue) {
        route(path).requiredAuthorization = Objects.requireNonNull(headerValue, "headerValue");
        return this;
    }

    /** GET {@code path} answers with this {@code Cache-Control} header. */
    public InatTestServer cacheControl(String path, String value) {
        route(path).cacheControl = Objects.requireNonNull(value, "value");
        return this;
    }

    /**
     * GET {@code path} is a token broker for the user: it answers {@code {"api_token": <a new JWT>,
     * "access_token": <an OAuth token>, "expires_at": <the JWT's exp>}}, tokens that this server's
     * endpoints accept. These requests count as {@link Endpoint#BROKER}, not as grants or JWTs.
     */
    public InatTestServer brokerFor(String path, String username) {
        user(username);
        BrokerRoute route = route(path);
        route.brokerUser = username;
        route.json = null;
        route.accessToken = null;
        return this;
    }

    // ---------------------------------------------------------------- faults

    /** The next requests to the endpoint get these faults, one each, in order. */
    public InatTestServer failNext(Endpoint endpoint, Fault... faults) {
        Queue<Fault> queue = nextFaults.get(Objects.requireNonNull(endpoint, "endpoint"));
        for (Fault f : faults) {
            queue.add(Objects.requireNonNull(f, "fault"));
        }
        return this;
    }

    /** Every request to the endpoint gets this fault (after any queued by {@link #failNext}), until {@link #clearFaults()}. */
    public InatTestServer failAlways(Endpoint endpoint, Fault fault) {
        lastingFaults.put(Objects.requireNonNull(endpoint, "endpoint"), Objects.requireNonNull(fault, "fault"));
        return this;
    }

    /** Every request to the endpoint is answered after this latency, until {@link #clearFaults()}. */
    public InatTestServer delayAll(Endpoint endpoint, Duration latency) {
        Objects.requireNonNull(latency, "latency");
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative");
        }
        delays.put(Objects.requireNonNull(endpoint, "endpoint"), latency);
        return this;
    }

    /** Removes queued and lasting faults and latencies. */
    public InatTestServer clearFaults() {
        nextFaults.values().forEach(Queue::clear);
        lastingFaults.clear();
        delays.clear();
        return this;
    }

    // ---------------------------------------------------------------- counts and capture

    /** Password and authorization-code grants answered 200 since start or {@link #reset()}. */
    public int grantCount() {
        return grants.get();
    }

    /** {@code /users/api_token} requests answered 200 since start or {@link #reset()}. */
    public int jwtCount() {
        return jwts.get();
    }

    /** Requests received for the endpoint (faulted ones included); {@link Endpoint#ANY}: all requests. */
    public int requestCount(Endpoint endpoint) {
        return requestCounts.get(Objects.requireNonNull(endpoint, "endpoint")).get();
    }

    /** The requests received, oldest first. */
    public List<RecordedRequest> requests() {
        synchronized (recorded) {
            return List.copyOf(recorded);
        }
    }

    /** The requests received for one endpoint, oldest first. */
    public List<RecordedRequest> requests(Endpoint endpoint) {
        if (endpoint == Endpoint.ANY) {
            return requests();
        }
        return requests().stream().filter(r -> endpointOf(r.path()) == endpoint).toList();
    }

    /** Clears counts, captured requests and faults; users, apps, tokens and routes stay. */
    public InatTestServer reset() {
        clearFaults();
        grants.set(0);
        jwts.set(0);
        requestCounts.values().forEach(c -> c.set(0));
        recorded.clear();
        return this;
    }

    /** Stops the server at once; requests in flight are cut off. */
    @Override
    public void close() {
        http.stop(0);
        executor.shutdownNow();
    }

    @Override
    public String toString() {
        return "InatTestServer[" + baseUrl + "]";
    }

    // ---------------------------------------------------------------- request handling

    private Endpoint endpointOf(String path) {
        return switch (path) {
            case "/oauth/token" -> Endpoint.TOKEN;
            case "/users/api_token", "/users/api_token.json" -> Endpoint.API_TOKEN;
            case "/v1/users/me" -> Endpoint.USERS_ME;
            case "/oauth/authorize" -> Endpoint.AUTHORIZE;
            default -> brokerRoutes.containsKey(path) ? Endpoint.BROKER : null;
        };
    }

    private void handle(HttpExchange exchange) {
        try {
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            String path = exchange.getRequestURI().getPath();
            Endpoint endpoint = endpointOf(path);
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> params = new LinkedHashMap<>(parseForm(exchange.getRequestURI().getRawQuery()));
            boolean malformed = false;
            try {
                params.putAll(parseBody(exchange.getRequestHeaders().getFirst("Content-Type"), body));
            } catch (IllegalArgumentException e) {
                malformed = true;
            }
            recorded.add(new RecordedRequest(method, path, exchange.getRequestHeaders(), body, params));
            requestCounts.get(Endpoint.ANY).incrementAndGet();
            if (endpoint != null) {
                requestCounts.get(endpoint).incrementAndGet();
            }

            Fault fault = nextFault(endpoint);
            if (fault != null && fault.kind() != Fault.Kind.DELAY) {
                sendFault(exchange, fault, method, path);
                return;
            }
            Duration delay = endpoint == null ? null : delays.get(endpoint);
            sleep(delay != null ? delay : delays.get(Endpoint.ANY));
            if (fault != null) {
                sleep(fault.duration());
            }
            Response response;
            try {
                response = answer(endpoint, method, path, exchange.getRequestHeaders(), params, malformed);
            } catch (RuntimeException bug) {
                // only the class: a message might quote request data
                LOG.log(System.Logger.Level.WARNING, "test server failed on {0} {1}: {2}", method, path,
                        bug.getClass().getName());
                response = Response.json(500, Json.object().put("error", "test server failure")
                        .put("status", 500).build());
            }
            send(exchange, response, method, path);
        } catch (IOException e) {
            // the client went away; nothing to answer
            LOG.log(System.Logger.Level.DEBUG, "request cut off: {0}", e.getClass().getName());
        } finally {
            exchange.close();
        }
    }

    private Fault nextFault(Endpoint endpoint) {
        Fault fault = endpoint == null ? null : nextFaults.get(endpoint).poll();
        if (fault == null) {
            fault = nextFaults.get(Endpoint.ANY).poll();
        }
        if (fault == null && endpoint != null) {
            fault = lastingFaults.get(endpoint);
        }
        return fault != null ? fault : lastingFaults.get(Endpoint.ANY);
    }

    private void sendFault(HttpExchange exchange, Fault fault, String method, String path) throws IOException {
        switch (fault.kind()) {
            case DROP_CONNECTION -> {
                // closing before any header is sent makes the JDK server close the socket itself
                LOG.log(System.Logger.Level.DEBUG, "{0} {1} -> connection dropped", method, path);
                exchange.close();
            }
            case TOO_MANY_REQUESTS -> {
                long seconds = (fault.duration().toMillis() + 999) / 1000;
                Map<String, String> headers = new LinkedHashMap<>();
                headers.put("Retry-After", Long.toString(seconds));
                headers.putAll(fault.headers());
                send(exchange, new Response(429, fault.contentType(), fault.body(), headers), method, path);
            }
            default -> send(exchange, new Response(fault.statusCode(), fault.contentType(), fault.body(),
                    fault.headers()), method, path);
        }
    }

    private static void send(HttpExchange exchange, Response response, String method, String path) throws IOException {
        Headers headers = exchange.getResponseHeaders();
        if (response.contentType() != null) {
            headers.set("Content-Type", response.contentType());
        }
        response.headers().forEach(headers::set);
        byte[] body = response.body();
        boolean noBody = body.length == 0 || method.equals("HEAD");
        exchange.sendResponseHeaders(response.status(), noBody ? -1 : body.length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        LOG.log(System.Logger.Level.DEBUG, "{0} {1} -> {2}", method, path, response.status());
    }

    private Response answer(Endpoint endpoint, String method, String path, Headers headers,
                            Map<String, String> params, boolean malformed) {
        if (endpoint == null) {
            return Response.json(404, Json.object().put("error", "Not Found").put("status", 404).build());
        }
        String allowed = endpoint == Endpoint.TOKEN ? "POST" : "GET";
        if (!method.equals(allowed) && !(allowed.equals("GET") && method.equals("HEAD"))) {
            return Response.json(405, Json.object().put("error", "Method Not Allowed").put("status", 405).build())
                    .withHeader("Allow", allowed);
        }
        return switch (endpoint) {
            case TOKEN -> malformed ? oauthError(400, "invalid_request", INVALID_REQUEST) : token(headers, params);
            case API_TOKEN -> apiToken(headers);
            case USERS_ME -> usersMe(headers);
            case AUTHORIZE -> authorize(params);
            case BROKER -> broker(path, headers);
            case ANY -> throw new AssertionError("no request is for ANY");
        };
    }

    // ---------------------------------------------------------------- /oauth/token

    private Response token(Headers headers, Map<String, String> params) {
        String grantType = params.get("grant_type");
        if (grantType == null || grantType.isEmpty()) {
            return oauthError(400, "invalid_request", INVALID_REQUEST);
        }
        String[] client = clientCredentials(headers, params);
        String clientId = client[0];
        String clientSecret = client[1];
        App app = clientId == null ? null : apps.get(clientId);
        switch (grantType) {
            case "password" -> {
                if (app == null || clientSecret == null || !app.secret().matches(clientSecret)) {
                    return oauthError(401, "invalid_client", INVALID_CLIENT);
                }
                String username = params.get("username");
                String password = params.get("password");
                User user = username == null ? null : users.get(username);
                if (user == null || !user.password().matches(password)) {
                    return oauthError(400, "invalid_grant", INVALID_GRANT);
                }
                return grantAccessToken(user, app);
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
        AuthorizationCode grant = code == null ? null : codes.get(code);
        if (grant == null || !grant.appId().equals(app.appId()) || !clock.instant().isBefore(grant.expiresAt())
                || !grant.redirectUri().equals(params.get("redirect_uri"))) {
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
        if (!codes.remove(code, grant)) {
            return oauthError(400, "invalid_grant", INVALID_GRANT); // another request used it first
        }
        User user = users.get(grant.username());
        return grantAccessToken(user, app);
    }

    private Response grantAccessToken(User user, App app) {
        if (revokeOnNewGrant) {
            accessTokens.replaceAll((token, issued) -> issued.username().equals(user.login())
                    && issued.appId().equals(app.appId()) ? new Issued(issued.username(), issued.appId(), REVOKED)
                    : issued);
        }
        String token = issueAccessToken(user, app);
        grants.incrementAndGet();
        return Response.json(200, Json.object()
                .put("access_token", token)
                .put("token_type", "Bearer")
                .put("scope", "write login")
                .put("created_at", clock.instant().getEpochSecond())
                .build());
    }

    private String issueAccessToken(User user, App app) {
        String token = randomToken();
        accessTokens.put(token, new Issued(user.login(), app.appId(), user.generation().get()));
        return token;
    }

    /** Client id and secret from HTTP Basic authentication or from the parameters. */
    private static String[] clientCredentials(Headers headers, Map<String, String> params) {
        String authorization = headers.getFirst("Authorization");
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
        return new String[] {params.get("client_id"), emptyToNull(params.get("client_secret"))};
    }

    private static Response oauthError(int status, String error, String description) {
        return Response.json(status, Json.object().put("error", error).put("error_description", description).build());
    }

    // ---------------------------------------------------------------- /users/api_token and /v1/users/me

    private Response apiToken(Headers headers) {
        String authorization = headers.getFirst("Authorization");
        String token = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).trim() : null;
        Issued issued = token == null ? null : accessTokens.get(token);
        if (issued == null || !isCurrent(issued)) {
            String description = issued == null ? "The access token is invalid" : "The access token was revoked";
            return oauthError(401, "invalid_token", description).withHeader("WWW-Authenticate",
                    "Bearer realm=\"Doorkeeper\", error=\"invalid_token\"");
        }
        String api = issueJwt(users.get(issued.username()), apps.get(issued.appId()));
        jwts.incrementAndGet();
        return Response.json(200, Json.object().put("api_token", api).build());
    }

    private String issueJwt(User user, App app, long issuedAt, long expiresAt) {
        String jti = randomToken();
        jwtIds.put(jti, new Issued(user.login(), app.appId(), user.generation().get()));
        return jwt.sign(Json.object().put("user_id", user.id()).put("oauth_application_id", app.id())
                .put("iat", issuedAt).put("exp", expiresAt).put("jti", jti).build());
    }

    private String issueJwt(User user, App app) {
        long now = clock.instant().getEpochSecond();
        return issueJwt(user, app, now, now + jwtLifetime.toSeconds());
    }

    private Response usersMe(Headers headers) {
        String authorization = headers.getFirst("Authorization");
        User user = authorization == null ? null : userOfJwt(authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).trim() : authorization.trim());
        if (user == null) {
            return Response.json(401, Json.object().put("error", "Unauthorized").put("status", 401).build());
        }
        String result = Json.object().put("id", user.id()).put("login", user.login())
                .put("name", user.login()).build();
        return Response.json(200, Json.object().put("total_results", 1).put("page", 1).put("per_page", 1)
                .raw("results", "[" + result + "]").build());
    }

    /** The user of a JWT that this server signed, that has not expired and was not revoked; else null. */
    private User userOfJwt(String token) {
        Map<String, String> claims = jwt.verify(token);
        if (claims == null) {
            return null;
        }
        Issued issued = claims.get("jti") == null ? null : jwtIds.get(claims.get("jti"));
        try {
            if (issued == null || !isCurrent(issued)
                    || Long.parseLong(claims.get("exp")) <= clock.instant().getEpochSecond()) {
                return null;
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return users.get(issued.username());
    }

    private boolean isCurrent(Issued issued) {
        User user = users.get(issued.username());
        return user != null && user.generation().get() == issued.generation();
    }

    // ---------------------------------------------------------------- /oauth/authorize

    private Response authorize(Map<String, String> params) {
        String clientId = params.get("client_id");
        String redirectUri = params.get("redirect_uri");
        if (clientId == null || !apps.containsKey(clientId)) {
            return errorPage(401, "invalid_client", INVALID_CLIENT);
        }
        if (redirectUri == null || redirectUri.isEmpty()) {
            return errorPage(400, "invalid_request", INVALID_REQUEST);
        }
        String state = params.get("state");
        boolean oob = redirectUri.equals(OOB_REDIRECT_URI);
        if (!"code".equals(params.get("response_type"))) {
            return authorizeError(redirectUri, oob, "unsupported_response_type", UNSUPPORTED_RESPONSE_TYPE, state);
        }
        String challenge = emptyToNull(params.get("code_challenge"));
        String method = challenge == null ? null : Objects.requireNonNullElse(params.get("code_challenge_method"), "plain");
        if (method != null && !method.equals("S256") && !method.equals("plain")) {
            return authorizeError(redirectUri, oob, "invalid_request", INVALID_REQUEST, state);
        }
        String username = consentUser;
        if (username == null) {
            return authorizeError(redirectUri, oob, "access_denied", ACCESS_DENIED, state);
        }
        String code = randomToken();
        codes.put(code, new AuthorizationCode(clientId, username, redirectUri, challenge, method,
                clock.instant().plus(CODE_LIFETIME)));
        if (oob) {
            return Response.html(200, "<!DOCTYPE html>\n<html><head><title>Authorization code</title></head><body>"
                    + "<h1>Authorization code</h1><p>Copy this code and paste it into the application:</p>"
                    + "<code id=\"authorization_code\">" + code + "</code></body></html>\n");
        }
        Map<String, String> query = new LinkedHashMap<>();
        query.put("code", code);
        query.put("state", state);
        return redirect(redirectUri, query);
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
        return redirect(redirectUri, query);
    }

    private static Response redirect(String redirectUri, Map<String, String> query) {
        StringBuilder location = new StringBuilder(redirectUri);
        char separator = redirectUri.contains("?") ? '&' : '?';
        for (Map.Entry<String, String> e : query.entrySet()) {
            if (e.getValue() != null) {
                location.append(separator).append(e.getKey()).append('=')
                        .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
                separator = '&';
            }
        }
        return new Response(302, HTML, new byte[0], Map.of("Location", location.toString()));
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

    // ---------------------------------------------------------------- broker

    private Response broker(String path, Headers headers) {
        BrokerRoute route = brokerRoutes.get(path);
        String required = route.requiredAuthorization;
        if (required != null && !constantTimeEquals(required, headers.getFirst("Authorization"))) {
            return Response.json(401, Json.object().raw("errors", "[\"permission denied\"]").build());
        }
        Response response;
        String username = route.brokerUser;
        if (username != null) {
            response = Response.json(200, brokerBody(route, users.get(username)));
        } else if (route.json != null) {
            response = Response.json(200, route.json);
        } else {
            response = Response.json(404, Json.object().raw("errors", "[]").build());
        }
        String cacheControl = route.cacheControl;
        return cacheControl == null ? response : response.withHeader("Cache-Control", cacheControl);
    }

    private String brokerBody(BrokerRoute route, User user) {
        App app = apps.get(DEFAULT_APP_ID);
        synchronized (route) {
            Issued held = route.accessToken == null ? null : accessTokens.get(route.accessToken);
            if (held == null || !isCurrent(held) || !held.username().equals(user.login())) {
                route.accessToken = issueAccessToken(user, app);
            }
        }
        long now = clock.instant().getEpochSecond();
        long expiresAt = now + jwtLifetime.toSeconds();
        String api = issueJwt(user, app, now, expiresAt);
        return Json.object().put("api_token", api).put("access_token", route.accessToken)
                .put("expires_at", expiresAt).build();
    }

    private BrokerRoute route(String path) {
        Objects.requireNonNull(path, "path");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("a path starts with '/': " + path);
        }
        if (endpointOf(path) != null && !brokerRoutes.containsKey(path)) {
            throw new IllegalArgumentException(path + " is one of iNaturalist's own endpoints");
        }
        return brokerRoutes.computeIfAbsent(path, p -> new BrokerRoute());
    }

    // ---------------------------------------------------------------- helpers

    private User user(String username) {
        User user = users.get(Objects.requireNonNull(username, "username"));
        if (user == null) {
            throw new IllegalArgumentException("no such user: " + username + " (add it with addUser)");
        }
        return user;
    }

    private String randomToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static Map<String, String> parseBody(String contentType, String body) {
        if (body.isBlank()) {
            return Map.of();
        }
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (type.contains("json") || (type.isEmpty() && body.stripLeading().startsWith("{"))) {
            Map<String, String> members = new LinkedHashMap<>();
            Json.parseFlatObject(body).forEach((k, v) -> {
                if (v != null) {
                    members.put(k, v);
                }
            });
            return members;
        }
        return parseForm(body);
    }

    private static Map<String, String> parseForm(String form) {
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

    private static boolean constantTimeEquals(String expected, String actual) {
        return actual != null && MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), actual.getBytes(StandardCharsets.UTF_8));
    }

    private static void sleep(Duration duration) {
        if (duration == null || duration.isZero()) {
            return;
        }
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static String requireText(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isEmpty()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
        return value;
    }

    private static Duration checkLifetime(Duration lifetime) {
        Objects.requireNonNull(lifetime, "lifetime");
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("a JWT lifetime must be positive");
        }
        return lifetime;
    }
}
