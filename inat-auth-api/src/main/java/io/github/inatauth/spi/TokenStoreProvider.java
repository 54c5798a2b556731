package io.github.inatauth.spi;

/**
 * What {@link java.util.ServiceLoader} finds for a token store: an id and a way to open the store
 * for one {@code InatAuth}, as SLF4J's {@code SLF4JServiceProvider} stands apart from the logger
 * factory it gives. Declare it with {@code provides io.github.inatauth.spi.TokenStoreProvider} in
 * module-info <em>and</em> in {@code META-INF/services}; it needs a public no-argument constructor and
 * must be cheap to create: configuration is read in {@link #open}.
 */
public interface TokenStoreProvider {

    /** {@return the short id users select it by in {@code INAT_AUTH_STORE}, e.g. {@code file}} */
    String id();

    /**
     * The store configured for {@code context}. Throws a {@link io.github.inatauth.StoreException} of
     * kind {@code NOT_CONFIGURED} or {@code UNAVAILABLE} (with a hint) when it cannot serve here, and of
     * another kind when it is there but broken.
     *
     * @param context the environment and settings of the {@code InatAuth} it serves
     * @return the store that serves that {@code InatAuth}
     */
    TokenStore open(ProviderContext context);
}
