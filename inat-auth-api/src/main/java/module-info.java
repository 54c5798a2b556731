/**
 * inat-auth: iNaturalist access tokens for Java programs. Requires {@code java.base} only; the
 * token issuer ({@code io.github.inatauth.http}), stores and sources are found with ServiceLoader.
 */
@SuppressWarnings("module") // the qualified export names modules compiled after this one
module io.github.inatauth {
    // Only AuthorizedRequests uses it. Static: a program that never uses that class needs no
    // java.net.http. Transitive: its methods take and return java.net.http types, so once a program
    // puts the module in its graph (`requires java.net.http`), what reads this module reads that one.
    requires static transitive java.net.http;

    exports io.github.inatauth;
    exports io.github.inatauth.spi;
    // Helpers our own modules share (URLs, JWT claims, token times): a qualified export, so they are
    // no API. (Those modules compile after this one, hence the @SuppressWarnings.)
    exports io.github.inatauth.internal.shared to
            io.github.inatauth.http,
            io.github.inatauth.keyring,
            io.github.inatauth.filestore,
            io.github.inatauth.cli,
            io.github.inatauth.bench;

    uses io.github.inatauth.spi.CredentialSource;
    uses io.github.inatauth.spi.TokenStoreProvider;
    uses io.github.inatauth.spi.TokenIssuerProvider;

    provides io.github.inatauth.spi.CredentialSource with io.github.inatauth.internal.EnvironmentSource,
            io.github.inatauth.internal.CommandSource;
    provides io.github.inatauth.spi.TokenStoreProvider with io.github.inatauth.internal.MemoryStoreProvider;
}
