package io.github.inatauth.testkit;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.inatauth.Credentials;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local stand-in for iNaturalist's auth endpoints, on the JDK's HTTP server at {@code 127.0.0.1}:
 * <ul>
 *   <li>{@code POST /oauth/token}: password and authorization-code grants (JSON or form body), with
 *       Doorkeeper's error bodies and iNaturalist's refusal of a suspended account; the username is
 *       the login or the email, in any case; OAuth tokens are 43 base64url characters and never expire;</li>
 *   <li>{@code POST /oauth/revoke}: RFC 7009, as Doorkeeper answers it;</li>
 *   <li>{@code GET /oauth/authorize}: the authorization-code flow with PKCE, consent set by the test;
 *       every app has registered {@code http://127.0.0.1} (any port matches, as Doorkeeper compares
 *       loopback addresses) and {@value #OOB_REDIRECT_URI}, whose code is shown on
 *       {@code /oauth/authorize/native};</li>
 *   <li>{@code GET /users/api_token}: an HS512 JWT for a valid OAuth token with the {@code write} scope
 *       (403 without it), or a renewed one (a fresh lifetime) for a valid JWT, as iNaturalist's web
 *       application renews personal API tokens. A JWT's payload is iNaturalist's, {@code user_id},
 *       {@code oauth_application_id} and {@code exp}; nothing revokes it before its {@code exp};</li>
 *   <li>{@code GET /v1/users/me}: the user of a valid JWT;</li>
 *   <li>any path given to {@link #serveApi}: an API endpoint that needs a valid JWT; given to
 *       {@link #serveApiWithOptionalAuth}: one that serves a request with a bad JWT as anonymous;</li>
 *   <li>any path given to {@link #serveJson} or {@link #brokerFor}: a secrets endpoint or token broker.</li>
 * </ul>
 * Faults can be injected per endpoint; requests are counted and captured for assertions. All methods
 * are thread-safe. Each answer closes its connection ({@code Connection: close}), so that faults hit
 * exactly the request they are meant for.
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

    /**
     * The endpoints, for faults and counts: {@code /oauth/token}, {@code /users/api_token},
     * {@code /v1/users/me}, {@code /oauth/authorize}, the paths of {@link #serveJson} and
     * {@link #brokerFor}, the paths of {@link #serveApi}; {@link #ANY} means every request.
     */
    public enum Endpoint {
        /** {@code /oauth/token}: the password and authorization-code grants. */
        TOKEN,
        /** {@code /users/api_token}: an OAuth access token exchanged for a JWT. */
        API_TOKEN,
        /** {@code /v1/users/me}: the user a JWT belongs to. */
        USERS_ME,
        /** {@code /oauth/authorize} and {@code /oauth/authorize/native}: the browser sign-in's pages. */
        AUTHORIZE,
        /** {@code /oauth/revoke}: an OAuth access token revoked (RFC 7009). */
        REVOKE,
        /** The paths of {@link #serveJson} and {@link #brokerFor}: a secrets endpoint or token broker. */
        BROKER,
        /** The paths of {@link #serveApi}: API endpoints that need a JWT. */
        API,
        /** Every request, whatever its path. */
        ANY
    }

    /** The user every server knows from the start. */
    public static final String DEFAULT_USERNAME = "inat-test-user";
    /** The email of {@link #DEFAULT_USERNAME}, which the password grant takes for the login. */
    public static final String DEFAULT_EMAIL = "inat-test-user@example.org";
    /** The password of {@link #DEFAULT_USERNAME}. */
    public static final String DEFAULT_PASSWORD = "inat-test-password";
    /** The app (OAuth client) every server knows from the start. */
    public static final String DEFAULT_APP_ID = "inat-test-app";
    /** The secret of {@link #DEFAULT_APP_ID}. */
    public static final String DEFAULT_APP_SECRET = "inat-test-app-secret";
    /** The out-of-band redirect URI: the code is shown on a page instead of redirected. */
    public static final String OOB_REDIRECT_URI = "urn:ietf:wg:oauth:2.0:oob";
    /** How long a JWT lasts unless the builder or {@link #jwtLifetime(Duration)} says otherwise: iNaturalist's 24 hours. */
    public static final Duration DEFAULT_JWT_LIFETIME = Duration.ofHours(24);

    private static final System.Logger LOG = System.getLogger(InatTestServer.class.getName());
    private static final AtomicInteger SERVER_NUMBER = new AtomicInteger();

    private final HttpServer http;
    private final ExecutorService executor;
    private final URI baseUrl;
    private final Accounts accounts;
    private final AuthEndpoints endpoints;
    private final FaultSchedule faults = new FaultSchedule();
    private final Map<Endpoint, AtomicInteger> requestCounts = new EnumMap<>(Endpoint.class);
    private final List<RecordedRequest> recorded = Collections.synchronizedList(new ArrayList<>());
    private volatile RateLimit rateLimit;
    /** The builder's clock and JWT lifetime, which {@link #reset()} restores. */
    private final Clock initialClock;
    private final Duration initialJwtLifetime;

    private InatTestServer(Builder builder) throws IOException {
        initialClock = builder.clock;
        initialJwtLifetime = builder.jwtLifetime;
        accounts = new Accounts(builder.clock, builder.jwtLifetime);
        endpoints = new AuthEndpoints(accounts, DEFAULT_USERNAME, DEFAULT_APP_ID);
        for (Endpoint e : Endpoint.values()) {
            requestCounts.put(e, new AtomicInteger());
        }
        addUser(DEFAULT_USERNAME, DEFAULT_EMAIL, DEFAULT_PASSWORD);
        addApp(DEFAULT_APP_ID, DEFAULT_APP_SECRET);
        builder.users.forEach(this::addUser);
        builder.apps.forEach(this::addApp);

        http = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), builder.port), 1024);
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

    /**
     * Starts a server on an ephemeral port of {@code 127.0.0.1}, with the default user and app.
     *
     * @return the running server; close it to stop it
     * @throws UncheckedIOException when the server cannot bind its port
     */
    public static InatTestServer start() {
        return builder().start();
    }

    /** {@return a builder for a server with other options: port, clock, JWT lifetime, more users and apps} */
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

        /**
         * The port on 127.0.0.1; 0 (the default) picks a free one.
         *
         * @param port 0 to 65535
         * @return this builder
         * @throws IllegalArgumentException when {@code port} is not a port number
         */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("not a port: " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * The clock for JWT {@code exp}, its check, suspensions, and code expiry.
         *
         * @param clock the server's clock; the system's UTC clock unless set
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * How long the JWTs the server issues last.
         *
         * @param lifetime positive; {@link #DEFAULT_JWT_LIFETIME} unless set
         * @return this builder
         * @throws IllegalArgumentException when {@code lifetime} is zero or negative
         */
        public Builder jwtLifetime(Duration lifetime) {
            this.jwtLifetime = checkLifetime(lifetime);
            return this;
        }

        /**
         * A user besides the default one.
         *
         * @param username the login
         * @param password the password the password grant accepts
         * @return this builder
         */
        public Builder user(String username, String password) {
            users.put(requireText(username, "username"), requireText(password, "password"));
            return this;
        }

        /**
         * An app besides the default one.
         *
         * @param appId the OAuth client id
         * @param appSecret the OAuth client secret
         * @return this builder
         */
        public Builder app(String appId, String appSecret) {
            apps.put(requireText(appId, "appId"), requireText(appSecret, "appSecret"));
            return this;
        }

        /**
         * Starts the server.
         *
         * @return the running server; close it to stop it
         * @throws UncheckedIOException when the server cannot bind its port
         */
        public InatTestServer start() {
            try {
                return new InatTestServer(this);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the test server on 127.0.0.1:" + port, e);
            }
        }
    }

    // ---------------------------------------------------------------- addresses and set-up

    /** {@return {@code http://127.0.0.1:PORT}, without a trailing slash: the stand-in for {@code https://www.inaturalist.org}} */
    public URI baseUrl() {
        return baseUrl;
    }

    /** {@return {@link #baseUrl()} + {@code /v1}: the stand-in for {@code https://api.inaturalist.org/v1}} */
    public URI apiUrl() {
        return URI.create(baseUrl + "/v1");
    }

    /** {@return the port the server listens on} */
    public int port() {
        return baseUrl.getPort();
    }

    /** {@return the default user's and app's credentials, accepted by the password grant} */
    public Credentials defaultCredentials() {
        return Credentials.of(DEFAULT_USERNAME, DEFAULT_PASSWORD, DEFAULT_APP_ID, DEFAULT_APP_SECRET);
    }

    /**
     * Adds a user, or changes the password of an existing one (keeping its id and tokens).
     *
     * @param username the login
     * @param password the password the password grant accepts
     * @return this server
     */
    public InatTestServer addUser(String username, String password) {
        accounts.addUser(requireText(username, "username"), null, requireText(password, "password"));
        return this;
    }

    /**
     * Adds a user with an email, which the password grant takes instead of the login (in any case, as
     * iNaturalist does), or changes the email and password of an existing one.
     *
     * @param username the login
     * @param email the email address
     * @param password the password the password grant accepts
     * @return this server
     */
    public InatTestServer addUser(String username, String email, String password) {
        accounts.addUser(requireText(username, "username"), requireText(email, "email"), requireText(password, "password"));
        return this;
    }

    /**
     * Suspends the user until {@code until} on the server's clock, as iNaturalist's moderators do: the
     * user's OAuth tokens are revoked, and grants are refused with 400 {@code invalid_grant}, the
     * description {@code This user has been suspended} (iNaturalist's answer does not say until when;
     * {@code until} only ends the suspension on this server). JWTs already issued
     * stay good until their {@code exp}.
     *
     * @param username a user of this server
     * @param until the end of the suspension; {@code null} lifts it
     * @return this server
     * @throws IllegalArgumentException when the server has no such user
     */
    public InatTestServer suspend(String username, Instant until) {
        accounts.suspend(username, until);
        return this;
    }

    /**
     * Adds an app (OAuth client), or changes the secret of an existing one.
     *
     * @param appId the OAuth client id
     * @param appSecret the OAuth client secret
     * @return this server
     */
    public InatTestServer addApp(String appId, String appSecret) {
        accounts.addApp(requireText(appId, "appId"), requireText(appSecret, "appSecret"));
        return this;
    }

    /**
     * The numeric id of a user, as in the JWT's {@code user_id} and in {@code /v1/users/me}.
     *
     * @param username a user of this server
     * @return the user's id
     * @throws IllegalArgumentException when the server has no such user
     */
    public long userId(String username) {
        return accounts.user(username).id();
    }

    /**
     * The lifetime of JWTs issued from now on.
     *
     * @param lifetime positive
     * @return this server
     * @throws IllegalArgumentException when {@code lifetime} is zero or negative
     */
    public InatTestServer jwtLifetime(Duration lifetime) {
        accounts.jwtLifetime(checkLifetime(lifetime));
        return this;
    }

    /**
     * The clock for JWT {@code exp} from now on, for judging expiry, and for code expiry.
     *
     * @param clock the server's clock from now on
     * @return this server
     */
    public InatTestServer clock(Clock clock) {
        accounts.clock(clock);
        return this;
    }

    /** {@return the key that signs the JWTs (HMAC-SHA512), so that tests can verify them} */
    public byte[] jwtSigningKey() {
        return accounts.jwtKey();
    }

    /**
     * An OAuth access token for the user and the default app, as a password grant would give, without
     * a request and without counting as a grant: for tests that start from a stored token.
     *
     * @param username a user of this server
     * @return a new OAuth access token
     * @throws IllegalArgumentException when the server has no such user
     */
    public String issueAccessToken(String username) {
        return accounts.issueAccessToken(accounts.user(username), accounts.app(DEFAULT_APP_ID));
    }

    /**
     * A JWT for the user, as {@code /users/api_token} would give, without a request and without counting.
     *
     * @param username a user of this server
     * @return a new JWT
     * @throws IllegalArgumentException when the server has no such user
     */
    public String issueJwt(String username) {
        return accounts.issueJwt(accounts.user(username), accounts.app(DEFAULT_APP_ID)).token();
    }

    /**
     * A personal API token for the user, as {@code https://www.inaturalist.org/users/api_token} shows it
     * to a signed-in user (a JWT with {@code user_id} and no app), without a request and without
     * counting. It lives the server's JWT lifetime from the server's clock; while it is valid,
     * {@code GET /users/api_token} with {@code Authorization: Bearer <it>} renews it.
     *
     * @param username a user of this server
     * @return the JWT
     */
    public String issueApiToken(String username) {
        return issueApiToken(username, Duration.ZERO);
    }

    /**
     * A personal API token for the user issued {@code age} ago on the server's clock, without moving
     * the clock: with an age near the JWT lifetime it is stale (renewal due), beyond it expired.
     *
     * @param username a user of this server
     * @param age how long ago it was issued
     * @return the JWT
     */
    public String issueApiToken(String username, Duration age) {
        Objects.requireNonNull(age, "age");
        return accounts.issueJwt(accounts.user(username), null, accounts.now() - age.toSeconds()).token();
    }

    /**
     * From now on {@code /users/api_token} refuses every OAuth access token issued so far to the user,
     * as iNaturalist after a password change or when the user revokes the app. JWTs already issued
     * stay good until their {@code exp}, as iNaturalist's do: it keeps no record of them.
     *
     * @param username a user of this server
     * @return this server
     */
    public InatTestServer revokeTokens(String username) {
        accounts.revokeAll(username);
        return this;
    }

    /**
     * {@code /oauth/authorize} approves as this user (the default user unless changed).
     *
     * @param username the user who signs in at the consent page
     * @return this server
     */
    public InatTestServer consent(String username) {
        endpoints.consent(username);
        return this;
    }

    /**
     * {@code /oauth/authorize} answers {@code access_denied}, as when the user clicks "Deny".
     *
     * @return this server
     */
    public InatTestServer refuseConsent() {
        endpoints.refuseConsent();
        return this;
    }

    // ---------------------------------------------------------------- API, broker and secrets paths

    /**
     * A path of the API that needs a JWT, such as {@code /v1/observations}: any method answers 200 with
     * this JSON body when the {@code Authorization} header holds a good JWT of this server (raw or
     * {@code Bearer}), and 401 as {@code /v1/users/me} does otherwise. For testing your own requests to
     * endpoints that inat-auth does not wrap. Counts as {@link Endpoint#API}.
     *
     * @param path the path, starting with {@code /}
     * @param json the body of every 200 answer
     * @return this server
     */
    public InatTestServer serveApi(String path, String json) {
        endpoints.serveApi(path, Objects.requireNonNull(json, "json"), true);
        return this;
    }

    /**
     * A path of the API where signing in is optional, such as {@code GET /v1/observations}: any method
     * answers 200 with this JSON body whatever the {@code Authorization} header holds. As iNaturalist's
     * API, a bad, expired or foreign JWT is not refused but ignored: the request is served as anonymous,
     * so a 401 never comes to tell the caller that its token was not taken. Counts as
     * {@link Endpoint#API}.
     *
     * @param path the path, starting with {@code /}
     * @param json the body of every answer
     * @return this server
     */
    public InatTestServer serveApiWithOptionalAuth(String path, String json) {
        endpoints.serveApi(path, Objects.requireNonNull(json, "json"), false);
        return this;
    }

    /**
     * GET {@code path} answers 200 with this JSON body (a secrets endpoint such as Vault KV v2).
     *
     * @param path the path, starting with {@code /}
     * @param json the body of the answer
     * @return this server
     */
    public InatTestServer serveJson(String path, String json) {
        endpoints.serveJson(path, Objects.requireNonNull(json, "json"));
        return this;
    }

    /**
     * GET {@code path} answers 401 unless the {@code Authorization} header is exactly this value.
     *
     * @param path a path given to {@link #serveJson} or {@link #brokerFor}
     * @param headerValue the whole header value, such as {@code Bearer abc}
     * @return this server
     */
    public InatTestServer requireAuthorization(String path, String headerValue) {
        endpoints.requireAuthorization(path, Objects.requireNonNull(headerValue, "headerValue"));
        return this;
    }

    /**
     * GET {@code path} answers with this {@code Cache-Control} header.
     *
     * @param path a path given to {@link #serveJson} or {@link #brokerFor}
     * @param value the header value, such as {@code max-age=60}
     * @return this server
     */
    public InatTestServer cacheControl(String path, String value) {
        endpoints.cacheControl(path, Objects.requireNonNull(value, "value"));
        return this;
    }

    /**
     * GET {@code path} is a token broker for the user: it answers {@code {"api_token": <a new JWT>,
     * "access_token": <an OAuth token>, "expires_at": <the JWT's exp>}}, tokens that this server's
     * endpoints accept. These requests count as {@link Endpoint#BROKER}, not as grants or JWTs.
     *
     * @param path the path, starting with {@code /}
     * @param username the user whose tokens the broker hands out
     * @return this server
     */
    public InatTestServer brokerFor(String path, String username) {
        endpoints.brokerFor(path, username);
        return this;
    }

    // ---------------------------------------------------------------- faults

    /**
     * The next requests to the endpoint get these faults, one each, in order.
     *
     * @param endpoint the endpoint, or {@link Endpoint#ANY}
     * @param faults what the next requests get
     * @return this server
     */
    public InatTestServer failNext(Endpoint endpoint, Fault... faults) {
        Objects.requireNonNull(endpoint, "endpoint");
        for (Fault f : faults) {
            this.faults.queue(endpoint, Objects.requireNonNull(f, "fault"));
        }
        return this;
    }

    /**
     * Every request to the endpoint gets this fault (after any queued by {@link #failNext}), until {@link #clearFaults()}.
     *
     * @param endpoint the endpoint, or {@link Endpoint#ANY}
     * @param fault what every request gets
     * @return this server
     */
    public InatTestServer failAlways(Endpoint endpoint, Fault fault) {
        faults.always(Objects.requireNonNull(endpoint, "endpoint"), Objects.requireNonNull(fault, "fault"));
        return this;
    }

    /**
     * Every request to the endpoint is answered after this latency, until {@link #clearFaults()}.
     *
     * @param endpoint the endpoint, or {@link Endpoint#ANY}
     * @param latency zero or more
     * @return this server
     * @throws IllegalArgumentException when {@code latency} is negative
     */
    public InatTestServer delayAll(Endpoint endpoint, Duration latency) {
        Objects.requireNonNull(latency, "latency");
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative");
        }
        faults.latency(Objects.requireNonNull(endpoint, "endpoint"), latency);
        return this;
    }

    /**
     * Answers 429 with {@code Retry-After} once more than this many requests came within a minute of
     * the server's clock, as iNaturalist does past 100 a minute. Refused requests do not fill the window
     * but do count in {@link #requestCount}. Any queued or lasting fault comes first. {@code 0} turns
     * the limit off (the default).
     *
     * @param requestsPerMinute the requests a minute answered, or 0 for no limit
     * @return this server
     * @throws IllegalArgumentException when {@code requestsPerMinute} is negative
     */
    public InatTestServer rateLimit(int requestsPerMinute) {
        if (requestsPerMinute < 0) {
            throw new IllegalArgumentException("a rate limit must not be negative");
        }
        rateLimit = requestsPerMinute == 0 ? null : new RateLimit(requestsPerMinute);
        return this;
    }

    /**
     * Removes queued and lasting faults and latencies.
     *
     * @return this server
     */
    public InatTestServer clearFaults() {
        faults.clear();
        return this;
    }

    // ---------------------------------------------------------------- counts and capture

    /** {@return the password and authorization-code grants answered 200 since start or {@link #reset()}} */
    public int grantCount() {
        return endpoints.grantCount();
    }

    /** {@return the {@code /users/api_token} requests answered 200 since start or {@link #reset()}} */
    public int jwtCount() {
        return endpoints.jwtCount();
    }

    /**
     * The requests received for the endpoint, faulted ones included.
     *
     * @param endpoint the endpoint; {@link Endpoint#ANY}: all requests
     * @return how many came since start or {@link #reset()}
     */
    public int requestCount(Endpoint endpoint) {
        return requestCounts.get(Objects.requireNonNull(endpoint, "endpoint")).get();
    }

    /** {@return the requests received since start or {@link #reset()}, oldest first} */
    public List<RecordedRequest> requests() {
        synchronized (recorded) {
            return List.copyOf(recorded);
        }
    }

    /**
     * The requests received for one endpoint, oldest first.
     *
     * @param endpoint the endpoint; {@link Endpoint#ANY}: all requests
     * @return the requests received since start or {@link #reset()}
     */
    public List<RecordedRequest> requests(Endpoint endpoint) {
        if (endpoint == Endpoint.ANY) {
            return requests();
        }
        return requests().stream().filter(r -> endpoints.endpointOf(r.path()) == endpoint).toList();
    }

    /**
     * Puts the server back as a new test expects it: clears counts, captured requests, faults and
     * latencies; turns the rate limit off; consent goes back to
     * the default user; clock and JWT lifetime back to the builder's. Users, apps, tokens and paths stay.
     *
     * @return this server
     */
    public InatTestServer reset() {
        faults.clear();
        rateLimit = null;
        endpoints.consent(DEFAULT_USERNAME);
        accounts.clock(initialClock);
        accounts.jwtLifetime(initialJwtLifetime);
        endpoints.resetCounts();
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

    private void handle(HttpExchange exchange) {
        try {
            Request request = Request.read(exchange);
            Endpoint endpoint = endpoints.endpointOf(request.path());
            recorded.add(request.recorded());
            requestCounts.get(Endpoint.ANY).incrementAndGet();
            if (endpoint != null) {
                requestCounts.get(endpoint).incrementAndGet();
            }

            Fault fault = faults.take(endpoint);
            if (fault == null) {
                fault = overRateLimit();
            }
            if (fault != null && fault.kind() != Fault.Kind.DELAY) {
                sendFault(exchange, fault, request);
                return;
            }
            sleep(faults.latency(endpoint));
            if (fault != null) {
                sleep(fault.duration());
            }
            Response response;
            try {
                response = endpoints.answer(request);
            } catch (RuntimeException bug) {
                // only the class: a message might quote request data
                LOG.log(System.Logger.Level.WARNING, "test server failed on {0} {1}: {2}", request.method(),
                        request.path(), bug.getClass().getName());
                response = Response.json(500, Json.object().put("error", "test server failure")
                        .put("status", 500).build());
            }
            send(exchange, response, request);
        } catch (IOException e) {
            // the client went away; nothing to answer
            LOG.log(System.Logger.Level.DEBUG, "request cut off: {0}", e.getClass().getName());
        } finally {
            exchange.close();
        }
    }

    /** A 429 when the rate limit is on and this request goes over it; else {@code null}. */
    private Fault overRateLimit() {
        RateLimit limit = rateLimit;
        Duration wait = limit == null ? null : limit.admit(accounts.clock().instant());
        return wait == null ? null : Fault.tooManyRequests(wait);
    }

    private static void sendFault(HttpExchange exchange, Fault fault, Request request) throws IOException {
        switch (fault.kind()) {
            case DROP_CONNECTION -> {
                // closing before any header is sent makes the JDK server close the socket itself
                LOG.log(System.Logger.Level.DEBUG, "{0} {1} -> connection dropped", request.method(), request.path());
                exchange.close();
            }
            case TOO_MANY_REQUESTS -> {
                long seconds = (fault.duration().toMillis() + 999) / 1000;
                Map<String, String> headers = new LinkedHashMap<>();
                headers.put("Retry-After", Long.toString(seconds));
                headers.putAll(fault.headers());
                send(exchange, new Response(429, fault.contentType(), fault.body(), headers), request);
            }
            default -> send(exchange, new Response(fault.statusCode(), fault.contentType(), fault.body(),
                    fault.headers()), request);
        }
    }

    private static void send(HttpExchange exchange, Response response, Request request) throws IOException {
        Headers headers = exchange.getResponseHeaders();
        // One request per connection. With keep-alive, the JDK server closes surplus idle connections
        // (over 200, as after a test with 200 concurrent clients) just after answering, and a client that
        // reuses one before it sees the close gets a reset: flaky tests. Closing openly also keeps
        // dropConnection() visible: java.net.http silently retries a GET whose reused connection drops.
        headers.set("Connection", "close");
        if (response.contentType() != null) {
            headers.set("Content-Type", response.contentType());
        }
        response.headers().forEach(headers::set);
        byte[] body = response.body();
        boolean noBody = body.length == 0 || request.method().equals("HEAD");
        exchange.sendResponseHeaders(response.status(), noBody ? -1 : body.length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        LOG.log(System.Logger.Level.DEBUG, "{0} {1} -> {2}", request.method(), request.path(), response.status());
    }

    private static void sleep(Duration duration) {
        if (duration.isZero()) {
            return;
        }
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
