package io.github.inatauth.internal;

import io.github.inatauth.Credentials;
import io.github.inatauth.Secret;
import io.github.inatauth.TokenListener;
import io.github.inatauth.spi.CredentialSource;
import io.github.inatauth.spi.OAuthGrant;
import io.github.inatauth.spi.ProviderContext;
import io.github.inatauth.spi.TokenIssuerProvider;
import io.github.inatauth.spi.TokenStoreProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * What an {@code InatAuth.Builder} collected, handed to the {@link Engine} as one object. The builder
 * keeps one and sets it; {@link #copy()} freezes what one {@code build()} saw. The knobs of the
 * {@link ProviderContext} (environment, system properties, clock, URLs, timeouts) live only in its
 * builder, {@link #context()}, which the {@code InatAuth.Builder} writes to directly; the rest is
 * here. A value left {@code null} is "not set": the engine takes it from the settings or the default.
 */
public final class BuilderValues {
    private Credentials explicit = Credentials.empty();
    private Secret apiToken;
    private List<String> sourceIds;
    private final List<CredentialSource> extraSources = new ArrayList<>();
    private String storeId;
    private TokenStoreProvider store;
    private TokenIssuerProvider issuer;
    private OAuthGrant grant;
    private ProviderContext.Builder context = ProviderContext.builder();
    private TokenListener listener;
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

    public void moduleLayer(ModuleLayer l) {
        layer = Objects.requireNonNull(l);
    }

    public void classLoader(ClassLoader loader) {
        classLoader = Objects.requireNonNull(loader);
    }

    /** The context's knobs: the {@code InatAuth.Builder} sets them here, in their one place. */
    public ProviderContext.Builder context() {
        return context;
    }

    /**
     * What one {@code build()} saw; later calls on the builder do not change it.
     *
     * @throws io.github.inatauth.ConfigurationException when a URL setting is not a usable URL
     */
    public BuilderValues copy() {
        BuilderValues c = new BuilderValues();
        c.context = context.build().toBuilder();
        c.explicit = explicit;
        c.apiToken = apiToken;
        c.sourceIds = sourceIds;
        c.extraSources.addAll(extraSources);
        c.storeId = storeId;
        c.store = store;
        c.issuer = issuer;
        c.grant = grant;
        c.listener = listener;
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

    ModuleLayer layer() {
        return layer;
    }

    ClassLoader classLoader() {
        return classLoader;
    }
}
