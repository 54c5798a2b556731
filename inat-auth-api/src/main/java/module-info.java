/**
 * inat-auth: iNaturalist access tokens for Java programs. Requires {@code java.base} only; the
 * token issuer ({@code io.github.inatauth.http}), stores and sources are found with ServiceLoader.
 */
module io.github.inatauth {
    // only AuthorizedRequests uses it: programs that send their own requests have it anyway
    requires static java.net.http;

    exports io.github.inatauth;
    exports io.github.inatauth.spi;

    uses io.github.inatauth.spi.CredentialSource;
    uses io.github.inatauth.spi.TokenStoreProvider;
    uses io.github.inatauth.spi.TokenIssuerProvider;

    provides io.github.inatauth.spi.CredentialSource with io.github.inatauth.internal.EnvironmentSource;
    provides io.github.inatauth.spi.TokenStoreProvider with io.github.inatauth.internal.MemoryStoreProvider;
}
