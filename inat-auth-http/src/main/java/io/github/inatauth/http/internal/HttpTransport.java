package io.github.inatauth.http.internal;

import io.github.inatauth.internal.shared.ServerUrls;
import io.github.inatauth.ConfigurationException;
import io.github.inatauth.ServerException;
import io.github.inatauth.spi.ProviderContext;
import io.github.inatauth.spi.Setting;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;

/**
 * Sends one request with bounded retries: connection failures, resets and 5xx are retried with
 * jittered exponential backoff, 429 waits for {@code Retry-After} (up to a cap), every other status
 * is returned to the caller, who decides. Bodies are read up to {@link #MAX_BODY_BYTES}. Messages
 * name the URL and what happened, never a header value or a body.
 */
public final class HttpTransport {
    public static final int MAX_BODY_BYTES = 64 * 1024;
    public static final int DEFAULT_TRIES = 3;
    public static final Duration DEFAULT_BASE_DELAY = Duration.ofMillis(200);
    /** The longest {@code Retry-After} we wait for; a longer one fails at once, carrying the value. */
    public static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(60);
    /**
     * What a 429 without a usable {@code Retry-After} stands for: iNaturalist counts requests per minute
     * (an HTML page from its front proxy says no more).
     */
    public static final Duration BARE_429_WAIT = Duration.ofSeconds(60);
    /** For transports without a call timeout: long enough never to matter, short enough not to overflow. */
    private static final Duration NO_CALL_TIMEOUT = Duration.ofDays(1);
    static final String RATE_LIMITS = "iNaturalist allows 100 requests a minute (60 recommended) and 10,000 a day";
    /** Internal setting (milliseconds) that shortens the backoff, so tests of retries stay fast. */

    private static final System.Logger LOG = System.getLogger("io.github.inatauth.http");
    private static final String USER_AGENT = "inat-auth/" + version() + " (Java " + Runtime.version().feature()
            + "; +https://github.com/inatauth/inat-auth)";

    private final java.util.function.Supplier<HttpClient> clientFactory;
    private final Duration ownConnectTimeout; // non-null: this transport makes, owns and closes its client
    private final ProviderContext context; // non-null with ownConnectTimeout: proxy and TLS come from it
    private final String userAgent;
    private final EnvironmentProxy environmentProxy; // null: none configured, or not asked (no context)
    private volatile HttpClient client;
    private ExecutorService ownExecutor; // guarded by this
    private boolean closed; // guarded by this
    private final Duration requestTimeout;
    private volatile Duration callTimeout; // null: no overall deadline
    private final int tries;
    private final Duration baseDelay;
    private final Clock clock;
    private volatile Waits waits = Waits.SYSTEM;

    /**
     * How the transport measures its deadline and waits between tries: the system's monotonic time and
     * {@code Thread.sleep}; a test gives its own, so that a minute's wait after a bare 429 takes no minute.
     */
    interface Waits {
        Waits SYSTEM = new Waits() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void sleep(Duration d) throws InterruptedException {
                Thread.sleep(d.toMillis());
            }
        };

        long nanoTime();

        void sleep(Duration d) throws InterruptedException;
    }

    public HttpTransport(HttpClient client, Duration requestTimeout, int tries, Duration baseDelay, Clock clock) {
        this(() -> client, requestTimeout, tries, baseDelay, clock);
    }

    /**
     * A transport that makes its client on the first request: building an {@code HttpClient} sets up
     * TLS (and so the security providers), which a program served from a token store never needs.
     */
    public HttpTransport(java.util.function.Supplier<HttpClient> clientFactory, Duration requestTimeout, int tries,
            Duration baseDelay, Clock clock) {
        this(clientFactory, null, null, requestTimeout, tries, baseDelay, clock);
    }

    private HttpTransport(java.util.function.Supplier<HttpClient> clientFactory, ProviderContext context,
            Duration ownConnectTimeout, Duration requestTimeout, int tries, Duration baseDelay, Clock clock) {
        if (tries < 1) {
            throw new IllegalArgumentException("tries must be at least 1");
        }
        this.clientFactory = clientFactory;
        this.ownConnectTimeout = ownConnectTimeout;
        this.context = context;
        this.userAgent = context == null ? USER_AGENT : context.userAgent().map(app -> app + " " + USER_AGENT).orElse(USER_AGENT);
        // read now: a malformed proxy variable is a configuration error at build, not at the first request
        this.environmentProxy = context == null || context.proxy().isPresent() ? null
                : EnvironmentProxy.of(context).orElse(null);
        this.requestTimeout = requestTimeout;
        this.tries = tries;
        this.baseDelay = baseDelay;
        this.clock = clock;
    }

    private static final Map<ProviderContext, HttpTransport> BY_CONTEXT = Collections.synchronizedMap(new WeakHashMap<>());

    /**
     * The transport of {@code context}: one per context (so one per {@code InatAuth}), shared by the
     * token issuer, the remote source and broker, and the browser sign-in's code exchange, with the
     * context's timeouts, clock, retry policy, proxy, TLS context and user agent. Its client is made at
     * the first request.
     *
     * @throws ConfigurationException when the user agent or a proxy variable is malformed
     */
    public static HttpTransport of(ProviderContext context) {
        return BY_CONTEXT.computeIfAbsent(context, c -> new HttpTransport(null, c, c.connectTimeout(),
                c.requestTimeout(), DEFAULT_TRIES, retryDelay(c), c.clock()).callTimeout(c.callTimeout()));
    }

    /**
     * Closes the transport of {@code context} if it has one: its client's threads and connections end.
     * Called when what the context belongs to closes (the {@code InatAuth}'s issuer or broker store).
     */
    public static void close(ProviderContext context) {
        HttpTransport t = BY_CONTEXT.remove(context);
        if (t != null) {
            t.close();
        }
    }

    /** Bounds every {@link #send} to {@code timeout} in all: a wait that would end after it is not begun. */
    HttpTransport callTimeout(Duration timeout) {
        this.callTimeout = timeout;
        return this;
    }

    /** Measures the deadline and waits with {@code w} instead of the system's time (tests). */
    HttpTransport waits(Waits w) {
        this.waits = w;
        return this;
    }

    /** The backoff base: {@link Setting#HTTP_RETRY_DELAY} when set (tests), else the default. */
    static Duration retryDelay(ProviderContext context) {
        return context.duration(Setting.HTTP_RETRY_DELAY).orElse(DEFAULT_BASE_DELAY);
    }

    /** A client for our requests: HTTP/1.1 (a few small requests gain nothing from HTTP/2), no redirects. */
    public static HttpClient newClient(Duration connectTimeout) {
        return builder(connectTimeout).build();
    }

    private static HttpClient.Builder builder(Duration connectTimeout) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER);
    }

    /**
     * The proxy and TLS context of {@code context}: those given in code, else the environment's
     * ({@code HTTPS_PROXY} and the like, {@code INAT_AUTH_CA_FILE}), else the JDK's defaults.
     */
    private HttpClient.Builder network(HttpClient.Builder b) {
        context.proxy().ifPresent(b::proxy);
        if (environmentProxy != null) {
            b.proxy(environmentProxy);
        }
        context.sslContext().or(() -> CaFile.sslContext(context)).ifPresent(b::sslContext);
        return b;
    }

    private HttpClient client() {
        HttpClient c = client;
        if (c == null) {
            synchronized (this) {
                c = client;
                if (c == null) {
                    if (closed) {
                        throw new IllegalStateException("This HTTP transport is closed.");
                    }
                    if (ownConnectTimeout != null) {
                        ownExecutor = Executors.newCachedThreadPool(HttpTransport::daemon);
                        c = network(builder(ownConnectTimeout)).executor(ownExecutor).build();
                    } else {
                        c = clientFactory.get();
                    }
                    client = c;
                }
            }
        }
        return c;
    }

    private static Thread daemon(Runnable task) {
        Thread t = new Thread(task, "inat-auth-http");
        t.setDaemon(true);
        return t;
    }

    /** Releases the client this transport owns (threads, pooled connections); a shared client is left alone. */
    public void close() {
        HttpClient c;
        ExecutorService executor;
        synchronized (this) {
            closed = true;
            c = client;
            executor = ownExecutor;
            client = null;
            ownExecutor = null;
        }
        if (executor == null) {
            return;
        }
        try {
            if (c instanceof AutoCloseable closeable) { // HttpClient is AutoCloseable from Java 21
                closeable.close();
            }
        } catch (Exception e) {
            LOG.log(System.Logger.Level.DEBUG, "closing the HTTP client: {0}", e.toString());
        } finally {
            executor.shutdownNow();
        }
    }

    /** {@return the {@code User-Agent} of this transport's requests: the application's name, then inat-auth's} */
    public String userAgent() {
        return userAgent;
    }

    /**
     * Sends {@code request}, retrying as described above, and returns the first answer that is not
     * retried (any status below 500 other than 429).
     *
     * @throws ServerException when the retries are spent, on a timeout, an oversized body, or a
     *         {@code Retry-After} longer than {@link #MAX_RETRY_AFTER}
     */
    public Response send(Request request) {
        String where = ServerUrls.display(request.uri());
        Duration budget = callTimeout == null ? NO_CALL_TIMEOUT : callTimeout;
        Waits w = waits;
        long deadline = w.nanoTime() + budget.toNanos();
        boolean bareWaited = false;
        for (int attempt = 1; ; attempt++) {
            boolean last = attempt >= tries;
            Response response;
            try {
                response = once(request, requestTimeout(request, deadline, budget, w));
            } catch (RetryableFailure f) {
                if (last) {
                    throw new ServerException("Could not complete " + request.action() + " at " + where + ": "
                            + f.getMessage() + " (" + tries + " tries); check the network and the URL.", f.getCause());
                }
                LOG.log(System.Logger.Level.DEBUG, "{0} {1}: {2}; trying again (attempt {3} of {4})",
                        request.method(), where, f.getMessage(), attempt, tries);
                sleepWithin(backoff(attempt), request, deadline, budget, w);
                continue;
            }
            int status = response.status();
            if (status == 429) {
                Optional<Duration> stated = response.header("Retry-After").flatMap(v -> parseRetryAfter(v, clock));
                Duration wait = stated.orElse(BARE_429_WAIT);
                boolean mayWait = !last && !(stated.isEmpty() && bareWaited) && wait.compareTo(MAX_RETRY_AFTER) <= 0
                        && wait.toNanos() < deadline - w.nanoTime();
                if (!mayWait) {
                    throw rateLimited(request, attempt, stated, wait);
                }
                bareWaited |= stated.isEmpty();
                LOG.log(System.Logger.Level.DEBUG, "{0} {1}: HTTP 429; waiting {2} ms (attempt {3} of {4})",
                        request.method(), where, wait.toMillis(), attempt, tries);
                sleep(wait, request, w);
                continue;
            }
            if (status == 407) {
                throw proxyRefused(request);
            }
            if (status >= 500) {
                if (last) {
                    throw new ServerException("The server at " + where + " failed " + request.action() + " with HTTP "
                            + status + " (" + tries + " tries); try again later.", status, null, null);
                }
                LOG.log(System.Logger.Level.DEBUG, "{0} {1}: HTTP {2}; trying again (attempt {3} of {4})",
                        request.method(), where, status, attempt, tries);
                sleepWithin(backoff(attempt), request, deadline, budget, w);
                continue;
            }
            LOG.log(System.Logger.Level.DEBUG, "{0} {1}: HTTP {2}", request.method(), where, status);
            return response;
        }
    }

    /** The request timeout, shortened to what is left of the call's deadline; fails when nothing is. */
    private Duration requestTimeout(Request request, long deadline, Duration budget, Waits w) {
        long left = deadline - w.nanoTime();
        if (left <= 0) {
            throw callTimedOut(request, budget, "an answer");
        }
        return left < requestTimeout.toNanos() ? Duration.ofNanos(left) : requestTimeout;
    }

    /** Sleeps before the next try, or fails at once when the try would start after the call's deadline. */
    private void sleepWithin(Duration wait, Request request, long deadline, Duration budget, Waits w) {
        if (wait.toNanos() >= deadline - w.nanoTime()) {
            throw callTimedOut(request, budget, "the server to recover (retrying)");
        }
        sleep(wait, request, w);
    }

    private static ServerException callTimedOut(Request request, Duration budget, String waitingFor) {
        return new ServerException("No token within the call timeout of " + budget.toMillis() / 1000.0 + " s: "
                + request.action() + " at " + ServerUrls.display(request.uri()) + " was waiting for " + waitingFor
                + "; try again later, or allow more with InatAuth.builder().callTimeout(...).", null);
    }

    private Response once(Request request, Duration requestTimeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(request.uri()).timeout(requestTimeout)
                .header("Accept", "application/json").header("User-Agent", userAgent);
        if (request.authorization() != null) {
            b.header("Authorization", request.authorization().reveal());
        }
        if (environmentProxy != null) {
            environmentProxy.authorization(request.uri()).ifPresent(a -> b.header("Proxy-Authorization", a.reveal()));
        }
        if (request.body() != null) {
            b.header("Content-Type", request.contentType());
            b.method(request.method(), HttpRequest.BodyPublishers.ofByteArray(request.body()));
        } else {
            b.method(request.method(), HttpRequest.BodyPublishers.noBody());
        }
        CompletableFuture<HttpResponse<byte[]>> future = client().sendAsync(b.build(), info -> new LimitedBody(MAX_BODY_BYTES));
        try {
            // the client's timeout ends with the headers; this one also bounds reading the body
            HttpResponse<byte[]> r = future.get(requestTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
            return new Response(request, r.statusCode(), r.headers(), r.body());
        } catch (TimeoutException e) {
            future.cancel(true);
            throw timeout(request, requestTimeout);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new ServerException("Interrupted while waiting for " + request.action() + " at "
                    + ServerUrls.display(request.uri()) + ".", null);
        } catch (ExecutionException e) {
            throw classify(request, e.getCause(), requestTimeout);
        }
    }

    private RuntimeException classify(Request request, Throwable cause, Duration requestTimeout) {
        if (cause instanceof BodyTooLarge) {
            return new ServerException("The server at " + ServerUrls.display(request.uri()) + " answered " + request.action()
                    + " with more than " + MAX_BODY_BYTES / 1024 + " KiB, which is not what it should send; "
                    + request.hint() + ".", null);
        }
        if (cause instanceof HttpConnectTimeoutException) {
            return new RetryableFailure("no connection within the connect timeout", cause);
        }
        if (cause instanceof HttpTimeoutException) {
            return timeout(request, requestTimeout);
        }
        if (cause instanceof ConnectException) {
            return new RetryableFailure("connection refused or unreachable", cause);
        }
        if (cause instanceof javax.net.ssl.SSLHandshakeException && hasCause(cause, java.security.cert.CertificateException.class)) {
            // a certificate that is not trusted will not be trusted a second later
            return new ServerException("The HTTPS certificate of " + ServerUrls.display(request.uri()) + " is not trusted; "
                    + "check the URL; if your network or a proxy inspects HTTPS with its own root certificate, set "
                    + CaFile.VARIABLE + " to a PEM file of that certificate.", cause);
        }
        if (cause instanceof IOException) {
            // resets, "closed without response", EOF in the headers: the request may be sent again
            return new RetryableFailure("connection failed (" + cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : ": " + request.quote(cause.getMessage(), 120)) + ")", cause);
        }
        return new ServerException("Could not complete " + request.action() + " at " + ServerUrls.display(request.uri())
                + " (" + cause.getClass().getName() + ").", cause);
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    /**
     * HTTP 407: the proxy wants credentials it did not get. Java does not answer a Basic challenge for
     * an HTTPS tunnel unless started with {@code -Djdk.http.auth.tunneling.disabledSchemes=} (a JVM-wide
     * choice this library leaves to the application).
     */
    private static ServerException proxyRefused(Request request) {
        return new ServerException("The proxy refused " + request.action() + " at " + ServerUrls.display(request.uri())
                + " (HTTP 407, proxy authentication required); put the proxy's user and password in HTTPS_PROXY "
                + "(http://user:password@proxy:port), and for Basic authentication of an https:// request start Java "
                + "with -Djdk.http.auth.tunneling.disabledSchemes= (Java refuses it by default).", 407, null, null);
    }

    /** The 429 that ends a call: carries how long to wait, and says why that is not waited for here. */
    private ServerException rateLimited(Request request, int attempt, Optional<Duration> stated, Duration wait) {
        String asked = stated.isPresent() ? "asks to wait " + wait.toSeconds() + " s"
                : "did not say for how long (no Retry-After), which means about a minute";
        String why = attempt > 1 ? " after " + attempt + " tries" : "";
        return new ServerException("The server at " + ServerUrls.display(request.uri()) + " is rate limiting "
                + request.action() + " (HTTP 429" + why + ") and " + asked + "; " + RATE_LIMITS
                + "; try again in " + wait.toSeconds() + " s.", 429, wait, null);
    }

    private ServerException timeout(Request request, Duration requestTimeout) {
        String limit = requestTimeout.compareTo(this.requestTimeout) < 0
                ? "what was left of the call timeout (" + requestTimeout.toMillis() / 1000.0 + " s)"
                : "the request timeout of " + requestTimeout.toMillis() / 1000.0 + " s";
        return new ServerException("No answer to " + request.action() + " from " + ServerUrls.display(request.uri())
                + " within " + limit + "; try again later.", null);
    }

    private Duration backoff(int attempt) {
        long base = baseDelay.toMillis() << Math.min(attempt - 1, 10);
        // "equal jitter": half fixed, half random, so that many clients do not retry in step
        long millis = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
        return Duration.ofMillis(millis);
    }

    private static void sleep(Duration d, Request request, Waits w) {
        try {
            w.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServerException("Interrupted while waiting to retry " + request.action() + " at "
                    + ServerUrls.display(request.uri()) + ".", null);
        }
    }

    /** {@code Retry-After} as seconds or an HTTP date; empty when it is neither. */
    static Optional<Duration> parseRetryAfter(String value, Clock clock) {
        String v = value.strip();
        if (!v.isEmpty() && v.chars().allMatch(Character::isDigit)) {
            return v.length() > 9 ? Optional.of(Duration.ofSeconds(999_999_999L)) : Optional.of(Duration.ofSeconds(Long.parseLong(v)));
        }
        return ServerClock.parseDate(v).map(at -> {
            Duration d = Duration.between(clock.instant(), at);
            return d.isNegative() ? Duration.ZERO : d;
        });
    }

    private static String version() {
        try (InputStream in = HttpTransport.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "dev";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "dev");
            return v.startsWith("${") ? "dev" : v;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A failure after which the same request may be sent again. */
    private static final class RetryableFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RetryableFailure(String message, Throwable cause) {
            super(message, cause, false, false);
        }
    }

    /** The body went past the limit; reading stopped there. */
    static final class BodyTooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        BodyTooLarge() {
            super("response body over the limit");
        }
    }

    /** Collects a body up to {@code limit} bytes; past that it cancels the stream and fails. */
    static final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final int limit;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private Flow.Subscription subscription;

        LimitedBody(int limit) {
            this.limit = limit;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer buffer : buffers) {
                if (out.size() + buffer.remaining() > limit) {
                    subscription.cancel();
                    result.completeExceptionally(new BodyTooLarge());
                    return;
                }
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                out.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(out.toByteArray());
        }

        @Override
        public java.util.concurrent.CompletionStage<byte[]> getBody() {
            return result;
        }
    }
}
