package io.github.inatauth;

import io.github.inatauth.internal.Engine;
import io.github.inatauth.internal.BuilderValues;
import io.github.inatauth.internal.shared.ServerUrls;
import io.github.inatauth.spi.CredentialSource;
import io.github.inatauth.spi.OAuthGrant;
import io.github.inatauth.spi.TokenIssuerProvider;
import io.github.inatauth.spi.TokenStoreProvider;
import java.net.ProxySelector;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import javax.net.ssl.SSLContext;

/**
 * Gets iNaturalist access tokens: the Java form of pyinaturalist's {@code get_access_token}.
 *
 * <pre>{@code
 * try (InatAuth auth = InatAuth.create()) {
 *     String jwt = auth.accessToken();
 * }
 * }</pre>
 *
 * <p>One instance serves any number of threads. A token is fetched once and reused while it is
 * valid; many threads asking at once cause one request. Keep one instance per application:
 * {@link #create()} returns a new one each time, so closing it affects nobody else.
 */
public final class InatAuth implements AutoCloseable {

    private final Engine engine;

    private InatAuth(Engine engine) {
        this.engine = engine;
    }

    /**
     * An instance configured from the environment, system properties and the modules present.
     *
     * @return a new instance; close it when done
     * @throws ConfigurationException for an unknown source or store id, or a missing issuer module
     */
    public static InatAuth create() {
        return builder().build();
    }

    /** {@return a builder, for settings beyond the environment and system properties} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A JWT for the iNaturalist API ({@code Authorization: Bearer <jwt>}).
     *
     * @return a JWT that is valid for a while yet: the cached one, or a new one
     * @throws InatAuthException when no token can be had: one of its sealed subtypes says why
     */
    public String accessToken() {
        return engine.accessToken(TokenType.JWT);
    }

    /**
     * A token of the given type: the JWT or the OAuth access token.
     *
     * @param type which token
     * @return a token that is valid for a while yet: the cached one, or a new one
     * @throws InatAuthException when no token can be had: one of its sealed subtypes says why
     */
    public String accessToken(TokenType type) {
        return engine.accessToken(type);
    }

    /**
     * {@link #accessToken()} without blocking the calling thread, for asynchronous programs: with a
     * usable cached token the future is already complete; otherwise it completes when the one
     * refresh all callers share is done, which runs on a thread of inat-auth's own.
     *
     * @return the JWT; it completes exceptionally with the {@link InatAuthException} that
     *         {@link #accessToken()} would throw (not wrapped)
     */
    public CompletableFuture<String> accessTokenAsync() {
        return engine.accessTokenAsync(TokenType.JWT);
    }

    /**
     * {@link #accessToken(TokenType)} without blocking the calling thread, as {@link #accessTokenAsync()}.
     *
     * @param type which token
     * @return the token; it completes exceptionally with the {@link InatAuthException} that
     *         {@link #accessToken(TokenType)} would throw (not wrapped)
     */
    public CompletableFuture<String> accessTokenAsync(TokenType type) {
        return engine.accessTokenAsync(type);
    }

    /**
     * A token of the given type that stays valid for at least {@code minValid} more: the cached one
     * when it does, else a new one of that type alone. For a JWT that is an exchange of the kept
     * OAuth token (or a personal token's renewal), never a new grant while the OAuth token is good.
     * What a token broker publishes: a JWT with a guaranteed remaining life. OAuth tokens never
     * expire, so for them this is {@link #accessToken(TokenType)}.
     *
     * @param type which token
     * @param minValid how long the token must stay valid, on this instance's clock; zero or more, and
     *                 less than a new JWT's life (iNaturalist's: 24 hours)
     * @return a token whose expiry is at least {@code minValid} away
     * @throws ConfigurationException when even a new token does not last {@code minValid}
     * @throws InatAuthException when no token can be had: one of its sealed subtypes says why
     */
    public String accessToken(TokenType type, Duration minValid) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(minValid, "minValid");
        if (minValid.isNegative()) {
            throw new IllegalArgumentException("minValid must not be negative: " + minValid);
        }
        return engine.accessToken(type, minValid);
    }

    /**
     * A new JWT, bypassing every cache (pyinaturalist's {@code refresh=True}): credentials are read
     * again, a new grant is made and exchanged. Each grant makes one more OAuth token at iNaturalist
     * (they never expire, and earlier ones are not revoked) and counts against its rate limits: do not
     * call it on a schedule; {@link #accessToken(TokenType, Duration)} renews the JWT alone.
     *
     * @return a new JWT
     * @throws InatAuthException when no token can be had: one of its sealed subtypes says why
     */
    public String refreshAccessToken() {
        return engine.refresh(TokenType.JWT);
    }

    /**
     * A new token of the given type, bypassing every cache.
     *
     * @param type which token
     * @return a new token
     * @throws InatAuthException when no token can be had: one of its sealed subtypes says why
     */
    public String refreshAccessToken(TokenType type) {
        return engine.refresh(type);
    }

    /**
     * Drops {@code token} from every cache, after the server answered 401 to it; the next call to
     * {@link #accessToken()} gets a new one. Unknown tokens are ignored.
     *
     * @param token the token the server refused
     */
    public void invalidate(String token) {
        engine.invalidate(token);
    }

    /**
     * Whether the API accepts {@code jwt}: {@code GET /v1/users/me} answers 200.
     *
     * @param jwt the token to check
     * @return true when the API accepted it; false when it refused it, and on any failure
     */
    public boolean isValid(String jwt) {
        return engine.isValid(jwt);
    }

    /**
     * The personal API token this instance uses instead of credentials (from {@code INAT_API_TOKEN},
     * the builder, or saved by {@code inat-auth login --api-token}), with its user, expiry and whether
     * it was renewed; empty when it uses credentials. Sends nothing to iNaturalist.
     *
     * @return the personal token in use, as {@code inat-auth status} shows it; empty when credentials are used
     */
    public Optional<PersonalTokenReport> personalToken() {
        return engine.personalToken();
    }

    /**
     * Saves the personal API token given to this instance ({@link Builder#apiToken}, {@code INAT_API_TOKEN})
     * in its token store, where a later {@code InatAuth} with no configuration but that store finds it
     * (what {@code inat-auth login --api-token} does); renewals are kept there too. Sends nothing.
     *
     * @return the saved token, as {@code inat-auth status} shows it
     * @throws ConfigurationException when no personal token was given, or the store keeps nothing between runs
     */
    public PersonalTokenReport savePersonalToken() {
        return engine.savePersonalToken();
    }

    /**
     * The login name of the user of {@code jwt} ({@code GET /v1/users/me}).
     *
     * @param jwt a JWT of this server
     * @return the login name of its user
     * @throws CredentialsRejectedException when the API refuses the JWT
     */
    public String userLogin(String jwt) {
        return engine.userLogin(jwt);
    }

    /**
     * What each source gives when asked, as a token request would ask: which fields are present (masked)
     * and from which source; never a value, and never throws for missing fields.
     *
     * @return the fields found, masked, with their sources and what every source said
     */
    public CredentialReport credentialReport() {
        return engine.credentialReport();
    }

    /** {@return the id of the token store in use ({@code memory}, {@code file}, {@code keyring}, {@code remote}, {@code none})} */
    public String storeId() {
        return engine.storeId();
    }

    /**
     * Why the token store could not keep the latest tokens, while that lasts (disk full, read-only
     * folder, keyring locked): the tokens are served from memory meanwhile and written again later.
     *
     * @return what went wrong, or empty while the store keeps tokens
     */
    public Optional<String> storeProblem() {
        return engine.storeProblem();
    }

    /** {@return the tokens the store holds: whose they are and when they expire, without their values} */
    public List<StoredToken> storedTokens() {
        List<StoredToken> stored = new ArrayList<>();
        engine.storedTokens().forEach((key, token) -> stored.add(new StoredToken(key.type(), key.baseUrl(), key.appId(),
                key.username(), token.obtainedAt(), token.expiresAt())));
        stored.sort(Comparator.comparing(StoredToken::baseUrl).thenComparing(StoredToken::appId)
                .thenComparing(StoredToken::username).thenComparing(StoredToken::type));
        return List.copyOf(stored);
    }

    /**
     * The stores that keep credentials between runs beside their tokens, found as {@link #create()}
     * finds providers: {@code keyring} and {@code file} when their modules are present, in that order
     * (the order {@code inat-auth login} tries them), then plug-ins' by id. An instance built with
     * {@link Builder#store(String) store(id)} of one of them can {@link #saveCredentials save} and
     * {@link #deleteCredentials delete} credentials there.
     *
     * @return the ids, possibly none
     */
    public static List<String> credentialStores() {
        return Engine.credentialStores();
    }

    /**
     * Saves credentials in this instance's token store, where {@link #create()} later finds them (what
     * {@code inat-auth login} does after checking them with {@link #accessToken()}). Absent fields are
     * not saved, and replace what was saved before.
     *
     * <pre>{@code
     * try (InatAuth auth = InatAuth.builder().credentials(typed).sources().store("keyring").build()) {
     *     auth.accessToken();           // the server takes them
     *     auth.saveCredentials(typed);  // remembered: InatAuth.create() finds them next time
     * }
     * }</pre>
     *
     * @param credentials the fields to save
     * @throws ConfigurationException when the store keeps no credentials (one not in {@link #credentialStores()})
     * @throws StoreException when the store cannot be written (locked keyring, no passphrase)
     */
    public void saveCredentials(Credentials credentials) {
        engine.saveCredentials(Objects.requireNonNull(credentials, "credentials"));
    }

    /**
     * Deletes the credentials saved in this instance's token store (half of a sign-out; see
     * {@link #deleteStoredTokens()}).
     *
     * @return whether any were saved there
     * @throws ConfigurationException when the store keeps no credentials (one not in {@link #credentialStores()})
     * @throws StoreException when the store cannot be written
     */
    public boolean deleteCredentials() {
        return engine.deleteCredentials();
    }

    /**
     * Deletes every token in this instance's token store, of every user and app (what
     * {@code inat-auth logout} does), and forgets those this instance holds; the next
     * {@link #accessToken()} fetches a new one.
     *
     * @return how many tokens the store held
     * @throws ConfigurationException when the store is read-only (a broker)
     * @throws StoreException when the store cannot be read or written
     */
    public int deleteStoredTokens() {
        return engine.deleteStoredTokens();
    }

    /** Releases the store and the HTTP client; pending refreshes are abandoned. */
    @Override
    public void close() {
        engine.close();
    }

    /** {@return the store in use; never a token or a credential} */
    @Override
    public String toString() {
        return "InatAuth[store=" + engine.storeId() + "]";
    }

    /**
     * Settings for an {@link InatAuth}. A value set here beats its system property, which beats its
     * environment variable.
     */
    public static final class Builder {
        /** Everything set here; the context's knobs go to {@code values.context()}, their one place. */
        private final BuilderValues values = new BuilderValues();

        private Builder() {
        }

        /**
         * The username, beating every source.
         *
         * @param username the iNaturalist login
         * @return this builder
         */
        public Builder username(String username) {
            values.explicit(c -> c.withUsername(username));
            return this;
        }

        /**
         * The password, beating every source.
         *
         * @param password the iNaturalist password
         * @return this builder
         */
        public Builder password(String password) {
            values.explicit(c -> c.withPassword(password));
            return this;
        }

        /**
         * The app id (OAuth client id), beating every source.
         *
         * @param appId the id of the OAuth application registered at iNaturalist
         * @return this builder
         */
        public Builder appId(String appId) {
            values.explicit(c -> c.withAppId(appId));
            return this;
        }

        /**
         * The app secret (OAuth client secret), beating every source.
         *
         * @param appSecret the secret of the OAuth application
         * @return this builder
         */
        public Builder appSecret(String appSecret) {
            values.explicit(c -> c.withAppSecret(appSecret));
            return this;
        }

        /**
         * A personal API token: the JWT shown at {@code https://www.inaturalist.org/users/api_token} to a
         * signed-in user, for people without an OAuth app of their own (as {@code INAT_API_TOKEN} or
         * {@code -Dinat.auth.apiToken}, which it beats). With it no username, password, app id or app
         * secret is read and no grant is made; it renews itself while it is valid. A value that is not
         * such a JWT makes {@link #build()} fail with a {@link ConfigurationException}.
         *
         * @param apiToken the JWT copied from {@code /users/api_token}
         * @return this builder
         */
        public Builder apiToken(String apiToken) {
            values.apiToken(Secret.of(Objects.requireNonNull(apiToken, "apiToken")));
            return this;
        }

        /**
         * Explicit values for any of the four fields; absent fields come from the sources.
         *
         * @param credentials the fields to set; they replace those set before
         * @return this builder
         */
        public Builder credentials(Credentials credentials) {
            Objects.requireNonNull(credentials);
            values.explicit(credentials::orElse);
            return this;
        }

        /**
         * The sources to ask, by id and in order (as {@code INAT_AUTH_SOURCES}); default: every one
         * found, {@code env, command, remote, keyring, file} first. An empty list asks none.
         *
         * @param ids source ids, such as {@code env} and {@code keyring}
         * @return this builder
         */
        public Builder sources(String... ids) {
            values.sourceIds(Arrays.asList(ids));
            return this;
        }

        /**
         * Adds a source instance to those found by discovery, selectable by its id.
         *
         * @param source the source
         * @return this builder
         */
        public Builder addSource(CredentialSource source) {
            values.addSource(source);
            return this;
        }

        /**
         * The token store by id, as {@code INAT_AUTH_STORE}.
         *
         * @param id {@code memory}, {@code file}, {@code keyring}, {@code remote}, {@code none}, or a plug-in's id
         * @return this builder
         */
        public Builder store(String id) {
            values.storeId(id);
            return this;
        }

        /**
         * A store of one's own, opened with this builder's context (its id is what {@link InatAuth#storeId()} says).
         *
         * @param store the store's provider
         * @return this builder
         */
        public Builder store(TokenStoreProvider store) {
            values.store(store);
            return this;
        }

        /**
         * The issuer to use instead of the one discovered (tests, custom transports), opened with this
         * builder's context: {@code issuer(context -> myIssuer)} for one that needs no context.
         *
         * @param issuer the issuer's provider
         * @return this builder
         */
        public Builder issuer(TokenIssuerProvider issuer) {
            values.issuer(issuer);
            return this;
        }

        /**
         * Obtains OAuth tokens this way instead of the password grant (for instance a browser
         * sign-in); then only the username and app id are needed from the sources.
         *
         * @param grant how OAuth tokens are obtained
         * @return this builder
         */
        public Builder grant(OAuthGrant grant) {
            values.grant(grant);
            return this;
        }

        /**
         * Tells {@code listener} of each new token (its type, expiry and origin, never its value) and
         * of each failed refresh, to log them or export metrics. One listener; a second call replaces it.
         *
         * @param listener what to tell
         * @return this builder
         */
        public Builder listener(TokenListener listener) {
            values.listener(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * The site URL, default {@code https://www.inaturalist.org} ({@code INAT_AUTH_BASE_URL}).
         *
         * @param baseUrl an absolute http(s) URL
         * @return this builder
         * @throws ConfigurationException when it is not an http(s) URL with a host, or holds user info, a query or a fragment
         */
        public Builder baseUrl(String baseUrl) {
            values.context().baseUrl(ServerUrls.normalize(Objects.requireNonNull(baseUrl, "baseUrl"), "base URL"));
            return this;
        }

        /**
         * The API URL, default {@code https://api.inaturalist.org/v1} ({@code INAT_AUTH_API_URL}).
         *
         * @param apiUrl an absolute http(s) URL
         * @return this builder
         * @throws ConfigurationException as {@link #baseUrl}
         */
        public Builder apiUrl(String apiUrl) {
            values.context().apiUrl(ServerUrls.normalize(Objects.requireNonNull(apiUrl, "apiUrl"), "API URL"));
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
            values.context().connectTimeout(timeout);
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
            values.context().requestTimeout(timeout);
            return this;
        }

        /**
         * The most one {@code accessToken()} may take in all, retries and waits included; after it the
         * call fails with a {@link ServerException} saying what it was waiting for.
         *
         * @param timeout positive; default 20 s
         * @return this builder
         * @throws IllegalArgumentException when {@code timeout} is zero or negative
         */
        public Builder callTimeout(Duration timeout) {
            values.context().callTimeout(timeout);
            return this;
        }

        /**
         * The proxy for every request inat-auth makes, instead of {@code HTTPS_PROXY},
         * {@code HTTP_PROXY} and {@code NO_PROXY} (which are followed by default, unless Java's own
         * {@code https.proxyHost} / {@code http.proxyHost} is set).
         *
         * @param proxy the selector, such as {@code ProxySelector.of(new InetSocketAddress("proxy", 3128))}
         * @return this builder
         */
        public Builder proxy(ProxySelector proxy) {
            values.context().proxy(proxy);
            return this;
        }

        /**
         * The TLS context for every request inat-auth makes, instead of the JDK's trusted certificates
         * plus those of {@code INAT_AUTH_CA_FILE}.
         *
         * @param sslContext an initialised context, such as one trusting a private CA
         * @return this builder
         */
        public Builder sslContext(SSLContext sslContext) {
            values.context().sslContext(sslContext);
            return this;
        }

        /**
         * Names the application in the {@code User-Agent} of every request, before
         * {@code inat-auth/<version>}, as iNaturalist asks API clients to ({@code INAT_AUTH_USER_AGENT}).
         *
         * @param userAgent the application's name and version, such as {@code my-app/1.2}
         * @return this builder
         * @throws ConfigurationException when it is blank, longer than 200 characters, or holds a
         *     control character or other than printable ASCII
         */
        public Builder userAgent(String userAgent) {
            values.context().userAgent(userAgent);
            return this;
        }

        /**
         * Where environment variables are read from; for tests.
         *
         * @param environment a variable's value by name, null when unset; default {@link System#getenv(String)}
         * @return this builder
         */
        public Builder environment(Function<String, String> environment) {
            values.context().environment(environment);
            return this;
        }

        /**
         * Where system properties are read from; for tests.
         *
         * @param systemProperties a property's value by name, null when unset; default {@link System#getProperty(String)}
         * @return this builder
         */
        public Builder systemProperties(Function<String, String> systemProperties) {
            values.context().systemProperties(systemProperties);
            return this;
        }

        /**
         * The clock that decides token freshness; for tests.
         *
         * @param clock the clock; default the system's UTC clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            values.context().clock(clock);
            return this;
        }

        /**
         * Discover providers in this layer (and its parents) instead of the boot layer and class path.
         *
         * @param layer the layer of an application's plug-ins
         * @return this builder
         */
        public Builder moduleLayer(ModuleLayer layer) {
            values.moduleLayer(layer);
            return this;
        }

        /**
         * Discover providers with this class loader (class path, or an application's plug-in loader).
         *
         * @param loader the loader
         * @return this builder
         */
        public Builder classLoader(ClassLoader loader) {
            values.classLoader(loader);
            return this;
        }

        /**
         * Builds the instance: discovers providers and selects sources and store. No network I/O
         * happens here.
         *
         * @return the new instance; close it when done
         * @throws ConfigurationException for an unknown source or store id, or a missing issuer module
         */
        public InatAuth build() {
            return new InatAuth(new Engine(values.copy()));
        }
    }
}
