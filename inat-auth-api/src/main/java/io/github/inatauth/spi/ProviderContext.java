package io.github.inatauth.spi;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a provider may know about the program it serves: its environment and system properties
 * (injectable, so tests never touch the process environment), its clock, the server URLs and the
 * HTTP timeouts. Providers read configuration only through this.
 */
public final class ProviderContext {
    /** iNaturalist's site, where {@code /oauth/token} and {@code /users/api_token} live. */
    public static final URI DEFAULT_BASE_URL = URI.create("https://www.inaturalist.org");
    /** iNaturalist's API. */
    public static final URI DEFAULT_API_URL = URI.create("https://api.inaturalist.org/v1");

    private final Function<String, String> environment;
    private final Function<String, String> properties;
    private final Clock clock;
    private final URI baseUrl;
    private final URI apiUrl;
    private final Duration connectTimeout;
    private final Duration requestTimeout;

    private ProviderContext(Builder b) {
        this.environment = b.environment;
        this.properties = b.properties;
        this.clock = b.clock;
        this.baseUrl = b.baseUrl;
        this.apiUrl = b.apiUrl;
        this.connectTimeout = b.connectTimeout;
        this.requestTimeout = b.requestTimeout;
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
                .baseUrl(baseUrl).apiUrl(apiUrl).connectTimeout(connectTimeout).requestTimeout(requestTimeout);
    }

    /**
     * An environment variable.
     *
     * @param name the variable
     * @return its value; empty when unset or empty
     */
    public Optional<String> environment(String name) {
        return nonEmpty(environment.apply(name));
    }

    /**
     * A system property.
     *
     * @param name the property
     * @return its value; empty when unset or empty
     */
    public Optional<String> systemProperty(String name) {
        return nonEmpty(properties.apply(name));
    }

    /**
     * A setting that has both: the system property beats the environment variable.
     *
     * @param environmentVariable the variable, such as {@code INAT_AUTH_STORE}
     * @param systemProperty the property, such as {@code inat.auth.store}
     * @return the value; empty when neither is set
     */
    public Optional<String> setting(String environmentVariable, String systemProperty) {
        return systemProperty(systemProperty).or(() -> environment(environmentVariable));
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

    private static Optional<String> nonEmpty(String s) {
        return s == null || s.isEmpty() ? Optional.empty() : Optional.of(s);
    }

    /**
     * Removes a trailing slash so that paths can be appended with one.
     *
     * @param uri a URL
     * @return the URL without trailing slashes
     */
    public static URI normalize(URI uri) {
        String s = uri.toString();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return URI.create(s);
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
        private URI baseUrl = DEFAULT_BASE_URL;
        private URI apiUrl = DEFAULT_API_URL;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(30);

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
         * The site URL.
         *
         * @param baseUrl default {@link #DEFAULT_BASE_URL}; a trailing slash is removed
         * @return this builder
         */
        public Builder baseUrl(URI baseUrl) {
            this.baseUrl = normalize(Objects.requireNonNull(baseUrl));
            return this;
        }

        /**
         * The API URL.
         *
         * @param apiUrl default {@link #DEFAULT_API_URL}; a trailing slash is removed
         * @return this builder
         */
        public Builder apiUrl(URI apiUrl) {
            this.apiUrl = normalize(Objects.requireNonNull(apiUrl));
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

        private static Duration positive(Duration d) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("timeout must be positive: " + d);
            }
            return d;
        }

        /** {@return the context} */
        public ProviderContext build() {
            return new ProviderContext(this);
        }
    }
}
