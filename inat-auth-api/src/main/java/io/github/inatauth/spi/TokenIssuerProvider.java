package io.github.inatauth.spi;

/**
 * What {@link java.util.ServiceLoader} finds for the token issuer ({@code io.github.inatauth.http}
 * provides one): it opens an issuer for one {@code InatAuth}'s context. Also what
 * {@code InatAuth.Builder.issuer} takes, so a test or a custom transport can give its own
 * ({@code context -> myIssuer}).
 */
@FunctionalInterface
public interface TokenIssuerProvider {

    /**
     * An issuer for {@code context}.
     *
     * @param context its base URL, API URL, timeouts and clock
     * @return the issuer that serves one {@code InatAuth}
     */
    TokenIssuer open(ProviderContext context);
}
