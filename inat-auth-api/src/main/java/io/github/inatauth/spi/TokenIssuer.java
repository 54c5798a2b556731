package io.github.inatauth.spi;

import io.github.inatauth.Credentials;
import io.github.inatauth.Secret;

/**
 * Talks to iNaturalist: the password grant, the exchange of an OAuth token for a JWT, and the
 * validity check. Provided by {@code io.github.inatauth.http}; like the stores, the discovered
 * instance is a factory and {@link #open} gives the one that serves one {@code InatAuth}.
 *
 * <p>Failures are reported as {@link io.github.inatauth.CredentialsRejectedException} (the server
 * refused: never retried) or {@link io.github.inatauth.ServerException} (after bounded retries).
 */
public interface TokenIssuer extends AutoCloseable {

    /**
     * A configured issuer for {@code context}.
     *
     * @param context the base URL, API URL and timeouts to use
     * @return the issuer that serves one {@code InatAuth}
     */
    TokenIssuer open(ProviderContext context);

    /**
     * The password grant.
     *
     * @param credentials all four fields
     * @return the OAuth access token
     */
    Token passwordGrant(Credentials credentials);

    /**
     * Exchanges an OAuth token for a JWT ({@code /users/api_token}).
     *
     * @param oauthToken the OAuth access token
     * @return the JWT, with its expiry
     */
    Token exchangeForJwt(Secret oauthToken);

    /**
     * Whether the API accepts {@code jwt}: {@code GET /users/me} answers 200.
     *
     * @param jwt the JWT to check
     * @return true when the API accepted it
     */
    boolean validate(Secret jwt);

    /** Releases what {@link #open} acquired, such as an HTTP client. */
    @Override
    default void close() {
    }
}
