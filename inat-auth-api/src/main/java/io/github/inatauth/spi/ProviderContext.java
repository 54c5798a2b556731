package io.github.inatauth.spi;

import io.github.inatauth.ConfigurationException;
import io.github.inatauth.Secret;
import io.github.inatauth.internal.shared.ServerUrls;
import java.net.ProxySelector;
import java.net.URI;
import java.time.Clock;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import javax.net.ssl.SSLContext;

/**
 * What a provider may know about the program it serves: its environment and system properties
 * (injectable, so tests never touch the process environment), its clock, the server URLs and the
 * HTTP timeouts, and how to reach the server (proxy, TLS, the application's name). Providers read
 * configuration only through this: inat-auth's own settings by their
 * {@link Setting} (a system property beats its environment variable), the platform's values (such
 * as {@code user.home} or {@code XDG_CONFIG_HOME}) by name.
 */
public final class ProviderContext {
    /** iNaturalist's site, where {@code /oauth/token} and {@code /users/api_token} live. */
    public static final URI DEFAULT_BASE_URL = URI.create("https://www.inaturalist.org");
    /** iNaturalist's API. */
    public static final URI DEFAULT_API_URL = URI.create("https://api.inaturalist.org/v1");
    /** A caller waits at most this long for a token unless told otherwise. */
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(20);
    private static final int MAX_USER_AGENT = 200;

    private final Function<String, String> environment;
    private final Function<String, String> properties;
    private final Clock clock;
    private final URI baseUrl;
    private final URI apiUrl;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final Duration callTimeout;
    private final ProxySelector proxy;
    private final SSLContext sslContext;
    private final String userAgent;

    private ProviderContext(Builder b) {
        this.environment = b.environment;
        this.properties = b.properties;
        this.clock = b.clock;
        this.baseUrl = b.baseUrl;
        this.apiUrl = b.apiUrl;
        this.connectTimeout = b.connectTimeout;
        this.requestTimeout = b.requestTimeout;
        this.callTimeout = b.callTimeout;
        this.proxy = b.proxy;
        this.sslContext = b.sslContext;
        this.userAgent = b.userAgent;
    }

    /** {@return a context with the process environment, system properties, system clock and default URLs} */
    public static ProviderContext system() {
        return builder().build();
    }

    /** {@return a builder that starts from the process environment, system properties, system clock and default URLs} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a builder that starts from this context's values} */
    public Builder toBuilder() {
        return new Builder().environment(environment).systemProperties(properties).clock(clock)
                .baseUrl(baseUrl).apiUrl(apiUrl).connectTimeout(connectTimeout).requestTimeout(requestTimeout)
                .callTimeout(callTimeout).proxyOrNull(proxy).sslContextOrNull(sslContext).userAgentOrNull(userAgent);
    }

    /**
     * A value of the platform, not one of inat-auth's settings (those are {@link #get(Setting)}).
     *
     * @param name the variable, such as {@code XDG_CONFIG_HOME}
     * @return its value; empty when unset or empty
     */
    public Optional<String> environment(String name) {
        return nonEmpty(environment.apply(name));
    }

    /**
     * A value of the platform, not one of inat-auth's settings (those are {@link #get(Setting)}).
     *
     * @param name the property, such as {@code user.name}
     * @return its value; empty when unset or empty
     */
    public Optional<String> systemProperty(String name) {
        return nonEmpty(properties.apply(name));
    }

    /**
     * One of inat-auth's settings as text: its system property beats its environment variable. The
     * text of a {@link Setting.Kind#SECRET SECRET} setting is best wrapped at once ({@link #secret(Setting)}).
     *
     * @param setting the setting
     * @return the value as given; empty when neither is set (or set to the empty string)
     */
    public Optional<String> get(Setting setting) {
        return setting.systemProperty().flatMap(this::systemProperty)
                .or(() -> setting.environmentVariable().flatMap(this::environment));
    }

    /**
     * A {@link Setting.Kind#SECRET SECRET} setting, never shown.
     *
     * @param setting a setting of that kind
     * @return the value; empty when not set
     */
    public Optional<Secret> secret(Setting setting) {
        return get(expect(setting, Setting.Kind.SECRET)).map(Secret::of);
    }

    /**
     * A {@link Setting.Kind#URL URL} setting in its one form (see {@link Setting.Kind#URL}).
     *
     * @param setting a setting of that kind
     * @return the URL; empty when not set
     * @throws ConfigurationException naming the setting when the value is not such a URL
     */
    public Optional<URI> url(Setting setting) {
        return get(expect(setting, Setting.Kind.URL)).map(u -> ServerUrls.normalize(u, "URL in " + setting.displayName()));
    }

    /**
     * A {@link Setting.Kind#PATH PATH} setting, absolute and normalized.
     *
     * @param setting a setting of that kind
     * @return the path; empty when not set
     * @throws ConfigurationException naming the setting when the value is not a usable path
     */
    public Optional<Path> path(Setting setting) {
        return get(expect(setting, Setting.Kind.PATH)).map(p -> {
            try {
                return Path.of(p).toAbsolutePath().normalize();
            } catch (InvalidPathException e) {
                throw new ConfigurationException(setting.displayName() + " is not a usable path: " + e.getReason() + ".");
            }
        });
    }

    /**
     * An {@link Setting.Kind#ID_LIST ID_LIST} setting: the ids in order, blanks dropped.
     *
     * @param setting a setting of that kind
     * @return the ids; empty when not set
     */
    public Optional<List<String>> ids(Setting setting) {
        return get(expect(setting, Setting.Kind.ID_LIST))
                .map(t -> Arrays.stream(t.split(",")).map(String::trim).filter(id -> !id.isEmpty()).toList());
    }

    /**
     * A {@link Setting.Kind#WHOLE_NUMBER WHOLE_NUMBER} setting.
     *
     * @param setting a setting of that kind
     * @return the number; empty when not set
     * @throws ConfigurationException naming the setting when the value is not a whole number
     */
    public Optional<Long> wholeNumber(Setting setting) {
        return get(expect(setting, Setting.Kind.WHOLE_NUMBER)).map(t -> parseWhole(setting, t, ""));
    }

    /**
     * A {@link Setting.Kind#MILLISECONDS MILLISECONDS} setting.
     *
     * @param setting a setting of that kind
     * @return the duration; empty when not set
     * @throws ConfigurationException naming the setting when the value is not a whole number of milliseconds
     */
    public Optional<Duration> duration(Setting setting) {
        return get(expect(setting, Setting.Kind.MILLISECONDS))
                .map(t -> Duration.ofMillis(parseWhole(setting, t, " of milliseconds")));
    }

    private static long parseWhole(Setting setting, String text, String unit) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            // the text is not repeated: a misplaced secret must not be printed
            throw new ConfigurationException(setting.displayName() + " must be a whole number" + unit + ".");
        }
    }

    private static Setting expect(Setting setting, Setting.Kind kind) {
        if (setting.kind() != kind) {
            throw new IllegalArgumentException(setting + " is " + setting.kind() + ", not " + kind);
        }
        return setting;
    }

    /** {@return the clock that decides token freshness} */
    public Clock clock() {
        return clock;
    }

    /** {@return the site URL without a trailing slash, e.g. {@code https://www.inaturalist.org}} */
    public URI baseUrl() {
        return baseUrl;
    }

    /** {@return the API URL without a trailing slash, e.g. {@code https://api.inaturalist.org/v1}} */
    public URI apiUrl() {
        return apiUrl;
    }

    /** {@return how long a connection to the server may take} */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** {@return how long the server may take to answer one request} */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /** {@return the most one call for a token may take in all, retries and waits included} */
    public Duration callTimeout() {
        return callTimeout;
    }

    /**
     * The proxy selector given in code. When empty, the HTTP module follows {@code HTTPS_PROXY},
     * {@code HTTP_PROXY} and {@code NO_PROXY} (unless Java's {@code https.proxyHost} or
     * {@code http.proxyHost} is set).
     *
     * @return the selector; empty when none was given
     */
    public Optional<ProxySelector> proxy() {
        return Optional.ofNullable(proxy);
    }

    /**
     * The TLS context given in code. When empty, the HTTP module trusts the JDK's certificates and
     * those of {@code INAT_AUTH_CA_FILE}.
     *
     * @return the TLS context; empty when none was given
     */
    public Optional<SSLContext> sslContext() {
        return Optional.ofNullable(sslContext);
    }

    /**
     * The application's name for the {@code User-Agent} header, put before {@code inat-auth/<version>}:
     * the value given in code, else {@link Setting#USER_AGENT}.
     *
     * @return the name, such as {@code my-app/1.2}; empty when none is set
     * @throws ConfigurationException when the setting holds a control character or other than printable ASCII
     */
    public Optional<String> userAgent() {
        if (userAgent != null) {
            return Optional.of(userAgent);
        }
        return get(Setting.USER_AGENT).map(String::strip).filter(v -> !v.isEmpty())
                .map(v -> checkUserAgent(v, "user agent (" + Setting.USER_AGENT.displayName() + ")"));
    }

    /** A header value must be one line of printable ASCII: anything else could split or corrupt the request. */
    private static String checkUserAgent(String value, String what) {
        if (value.isBlank()) {
            throw new ConfigurationException("The " + what + " is empty; give the application's name and version, "
                    + "such as my-app/1.2.");
        }
        if (value.length() > MAX_USER_AGENT) {
            throw new ConfigurationException("The " + what + " is longer than " + MAX_USER_AGENT
                    + " characters; give the application's name and version, such as my-app/1.2.");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw new ConfigurationException("The " + what + " has " + (c < 0x20 || c == 0x7f ? "a control character"
                        : "a character other than printable ASCII") + " at index " + i
                        + "; give the application's name and version, such as my-app/1.2.");
            }
        }
        return value;
    }

    private static Optional<String> nonEmpty(String s) {
        return s == null || s.isEmpty() ? Optional.empty() : Optional.of(s);
    }

    /** {@return the URLs; never the environment, which may hold credentials} */
    @Override
    public String toString() {
        return "ProviderContext[baseUrl=" + baseUrl + ", apiUrl=" + apiUrl + "]";
    }

    /** Settings for a {@link ProviderContext}; every one has a default. */
    public static final class Builder {
        private Function<String, String> environment = System::getenv;
        private Function<String, String> properties = System::getProperty;
        private Clock clock = Clock.systemUTC();
        /** Null until given: then taken from the settings at {@link #build()}. */
        private URI baseUrl;
        private URI apiUrl;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(30);
        private Duration callTimeout = DEFAULT_CALL_TIMEOUT;
        private ProxySelector proxy;
        private SSLContext sslContext;
        private String userAgent;

        private Builder() {
        }

        /**
         * Where environment variables come from; a map's {@code ::get} in tests.
         *
         * @param environment a variable's value by name, null when unset; default {@link System#getenv(String)}
         * @return this builder
         */
        public Builder environment(Function<String, String> environment) {
            this.environment = Objects.requireNonNull(environment);
            return this;
        }

        /**
         * Where system properties come from.
         *
         * @param properties a property's value by name, null when unset; default {@link System#getProperty(String)}
         * @return this builder
         */
        public Builder systemProperties(Function<String, String> properties) {
            this.properties = Objects.requireNonNull(properties);
            return this;
        }

        /**
         * The clock that decides token freshness.
         *
         * @param clock default the system's UTC clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        /**
         * The site URL; beats {@link Setting#BASE_URL}.
         *
         * @param baseUrl default {@link Setting#BASE_URL}, else {@link #DEFAULT_BASE_URL}; a trailing slash is removed
         * @return this builder
         * @throws ConfigurationException when it is not an http(s) URL with a host, or holds user info, a query
         *     or a fragment (see {@link Setting.Kind#URL})
         */
        public Builder baseUrl(URI baseUrl) {
            this.baseUrl = ServerUrls.normalize(Objects.requireNonNull(baseUrl).toString(), "base URL");
            return this;
        }

        /**
         * The API URL; beats {@link Setting#API_URL}.
         *
         * @param apiUrl default {@link Setting#API_URL}, else the base URL + {@code /v1} when the base URL is
         *     given or set, else {@link #DEFAULT_API_URL}; a trailing slash is removed
         * @return this builder
         * @throws ConfigurationException when it is not an http(s) URL with a host, or holds user info, a query
         *     or a fragment (see {@link Setting.Kind#URL})
         */
        public Builder apiUrl(URI apiUrl) {
            this.apiUrl = ServerUrls.normalize(Objects.requireNonNull(apiUrl).toString(), "API URL");
            return this;
        }

        /**
         * How long a connection to the server may take.
         *
         * @param timeout positive; default 10 s
         * @return this builder
         * @throws IllegalArgumentException when {@code timeout} is zero or negative
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout);
            return this;
        }

        /**
         * How long the server may take to answer one request.
         *
         * @param timeout positive; default 30 s
         * @return this builder
         * @throws IllegalArgumentException when {@code timeout} is zero or negative
         */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive(timeout);
            return this;
        }

        /**
         * The most one call for a token may take in all, retries and waits included.
         *
         * @param timeout positive; default {@link ProviderContext#DEFAULT_CALL_TIMEOUT}
         * @return this builder
         * @throws IllegalArgumentException when {@code timeout} is zero or negative
         */
        public Builder callTimeout(Duration timeout) {
            this.callTimeout = positive(timeout);
            return this;
        }

        /**
         * The proxy selector for every request, instead of {@code HTTPS_PROXY} and the like.
         *
         * @param proxy the selector, such as {@code ProxySelector.of(address)}
         * @return this builder
         */
        public Builder proxy(ProxySelector proxy) {
            this.proxy = Objects.requireNonNull(proxy, "proxy");
            return this;
        }

        /**
         * The TLS context for every request, instead of the JDK's trusted certificates and
         * {@code INAT_AUTH_CA_FILE}.
         *
         * @param sslContext an initialised context
         * @return this builder
         */
        public Builder sslContext(SSLContext sslContext) {
            this.sslContext = Objects.requireNonNull(sslContext, "sslContext");
            return this;
        }

        /**
         * The application's name, put before {@code inat-auth/<version>} in {@code User-Agent}
         * (iNaturalist asks API clients to identify themselves).
         *
         * @param userAgent the application's name and version, such as {@code my-app/1.2}
         * @return this builder
         * @throws ConfigurationException when it is blank, longer than 200 characters, or holds a
         *     control character or other than printable ASCII
         */
        public Builder userAgent(String userAgent) {
            this.userAgent = checkUserAgent(Objects.requireNonNull(userAgent, "userAgent").strip(), "user agent");
            return this;
        }

        private Builder proxyOrNull(ProxySelector p) {
            proxy = p;
            return this;
        }

        private Builder sslContextOrNull(SSLContext c) {
            sslContext = c;
            return this;
        }

        private Builder userAgentOrNull(String u) {
            userAgent = u;
            return this;
        }

        private static Duration positive(Duration d) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("timeout must be positive: " + d);
            }
            return d;
        }

        /**
         * The context; the URLs not given here come from {@link Setting#BASE_URL} and {@link Setting#API_URL}.
         *
         * @return the context
         * @throws ConfigurationException naming the setting when a URL setting is not a usable URL
         */
        public ProviderContext build() {
            if (baseUrl == null || apiUrl == null) {
                ProviderContext settings = new ProviderContext(this);
                Optional<URI> base = Optional.ofNullable(baseUrl).or(() -> settings.url(Setting.BASE_URL));
                Optional<URI> api = Optional.ofNullable(apiUrl).or(() -> settings.url(Setting.API_URL))
                        .or(() -> base.map(b -> URI.create(b + "/v1")));
                return toBuilderOf(settings).baseUrl(base.orElse(DEFAULT_BASE_URL)).apiUrl(api.orElse(DEFAULT_API_URL))
                        .build();
            }
            return new ProviderContext(this);
        }

        private Builder toBuilderOf(ProviderContext c) {
            Builder b = new Builder().environment(c.environment).systemProperties(c.properties).clock(c.clock)
                    .connectTimeout(c.connectTimeout).requestTimeout(c.requestTimeout).callTimeout(c.callTimeout);
            return b;
        }
    }
}
