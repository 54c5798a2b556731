package io.github.inatauth.internal;

import io.github.inatauth.Credentials;
import io.github.inatauth.Secret;
import io.github.inatauth.TokenListener;
import io.github.inatauth.spi.CredentialSource;
import io.github.inatauth.spi.OAuthGrant;
import io.github.inatauth.spi.TokenIssuerProvider;
import io.github.inatauth.spi.TokenStoreProvider;
import java.net.ProxySelector;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLContext;

/**
 * What an {@code InatAuth.Builder} collected, handed to the {@link Engine} as one object. The builder
 * keeps one and sets it; {@link #copy()} freezes what one {@code build()} saw. A value left
 * {@code null} is "not set": the engine takes it from the system property, the environment variable
 * or the default.
 */
public final class Settings {
    private Credentials explicit = Credentials.empty();
    private Secret apiToken;
    private List<String> sourceIds;
    private final List<CredentialSource> extraSources = new ArrayList<>();
    private String storeId;
    private TokenStoreProvider store;
    private TokenIssuerProvider issuer;
    private OAuthGrant grant;
    private TokenListener listener;
    private URI baseUrl;
    private URI apiUrl;
    private Duration connectTimeout;
    private Duration requestTimeout;
    private Duration callTimeout;
    private ProxySelector proxy;
    private SSLContext sslContext;
    private String userAgent;
    private Function<String, String> environment = System::getenv;
    private Function<String, String> systemProperties = System::getProperty;
    private Clock clock;
    private ModuleLayer layer;
    private ClassLoader classLoader;

    /** Changes the explicit values of the four fields (those beat every source). */
    public void explicit(UnaryOperator<Credentials> change) {
        explicit = Objects.requireNonNull(change.apply(explicit));
    }

    /** The personal API token given in code; it beats the system property and the environment. */
    public void apiToken(Secret token) {
        apiToken = Objects.requireNonNull(token);
    }

    public void sourceIds(List<String> ids) {
        sourceIds = List.copyOf(ids);
    }

    public void addSource(CredentialSource source) {
        extraSources.add(Objects.requireNonNull(source));
    }

    /** The store by id; replaces a store provider set before. */
    public void storeId(String id) {
        storeId = Objects.requireNonNull(id);
        store = null;
    }

    /** A store provider of one's own; replaces a store id set before. */
    public void store(TokenStoreProvider provider) {
        store = Objects.requireNonNull(provider);
        storeId = null;
    }

    public void issuer(TokenIssuerProvider provider) {
        issuer = Objects.requireNonNull(provider);
    }

    public void listener(TokenListener tokenListener) {
        listener = Objects.requireNonNull(tokenListener);
    }

    public void grant(OAuthGrant oauthGrant) {
        grant = Objects.requireNonNull(oauthGrant);
    }

    public void baseUrl(URI url) {
        baseUrl = Objects.requireNonNull(url);
    }

    public void apiUrl(URI url) {
        apiUrl = Objects.requireNonNull(url);
    }

    public void connectTimeout(Duration timeout) {
        connectTimeout = timeout;
    }

    public void requestTimeout(Duration timeout) {
        requestTimeout = timeout;
    }

    public void callTimeout(Duration timeout) {
        callTimeout = timeout;
    }

    public void proxy(ProxySelector selector) {
        proxy = Objects.requireNonNull(selector, "proxy");
    }

    public void sslContext(SSLContext context) {
        sslContext = Objects.requireNonNull(context, "sslContext");
    }

    /** The application's name for {@code User-Agent}, already checked. */
    public void userAgent(String name) {
        userAgent = Objects.requireNonNull(name, "userAgent");
    }

    public void environment(Function<String, String> variables) {
        environment = Objects.requireNonNull(variables);
    }

    public void systemProperties(Function<String, String> properties) {
        systemProperties = Objects.requireNonNull(properties);
    }

    public void clock(Clock c) {
        clock = Objects.requireNonNull(c);
    }

    public void moduleLayer(ModuleLayer l) {
        layer = Objects.requireNonNull(l);
    }

    public void classLoader(ClassLoader loader) {
        classLoader = Objects.requireNonNull(loader);
    }

    /** What one {@code build()} saw; later calls on the builder do not change it. */
    public Settings copy() {
        Settings c = new Settings();
        c.explicit = explicit;
        c.apiToken = apiToken;
        c.sourceIds = sourceIds;
        c.extraSources.addAll(extraSources);
        c.storeId = storeId;
        c.store = store;
        c.issuer = issuer;
        c.grant = grant;
        c.listener = listener;
        c.baseUrl = baseUrl;
        c.apiUrl = apiUrl;
        c.connectTimeout = connectTimeout;
        c.requestTimeout = requestTimeout;
        c.callTimeout = callTimeout;
        c.proxy = proxy;
        c.sslContext = sslContext;
        c.userAgent = userAgent;
        c.environment = environment;
        c.systemProperties = systemProperties;
        c.clock = clock;
        c.layer = layer;
        c.classLoader = classLoader;
        return c;
    }

    Credentials explicit() {
        return explicit;
    }

    Secret apiToken() {
        return apiToken;
    }

    List<String> sourceIds() {
        return sourceIds;
    }

    List<CredentialSource> extraSources() {
        return List.copyOf(extraSources);
    }

    String storeId() {
        return storeId;
    }

    TokenStoreProvider store() {
        return store;
    }

    TokenIssuerProvider issuer() {
        return issuer;
    }

    TokenListener listener() {
        return listener;
    }

    OAuthGrant grant() {
        return grant;
    }

    URI baseUrl() {
        return baseUrl;
    }

    URI apiUrl() {
        return apiUrl;
    }

    Duration connectTimeout() {
        return connectTimeout;
    }

    Duration requestTimeout() {
        return requestTimeout;
    }

    Duration callTimeout() {
        return callTimeout;
    }

    ProxySelector proxy() {
        return proxy;
    }

    SSLContext sslContext() {
        return sslContext;
    }

    String userAgent() {
        return userAgent;
    }

    Function<String, String> environment() {
        return environment;
    }

    Function<String, String> systemProperties() {
        return systemProperties;
    }

    Clock clock() {
        return clock;
    }

    ModuleLayer layer() {
        return layer;
    }

    ClassLoader classLoader() {
        return classLoader;
    }
}
