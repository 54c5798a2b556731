package io.github.inatauth.spi;

import io.github.inatauth.Credentials;
import io.github.inatauth.Secret;

/**
 * Talks to iNaturalist: the password grant, the exchange of an OAuth token for a JWT, and the
 * validity check, for one {@code InatAuth}: a {@link TokenIssuerProvider} opens it with that
 * instance's context, and {@link #close} ends it with that instance.
 *
 * <p>Failures are reported as {@link io.github.inatauth.CredentialsRejectedException} (the server
 * refused: never retried) or {@link io.github.inatauth.ServerException} (after bounded retries).
 */
public interface TokenIssuer extends AutoCloseable {

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

    /** Releases what the provider's {@code open} acquired. */
    @Override
    default void close() {
    }
}
