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

    /**
     * Renews a personal API token: {@code GET /users/api_token} authenticated with the JWT itself,
     * as iNaturalist's web application accepts a valid JWT there; the result is a new JWT with its
     * expiry. A refusal (the JWT expired or was revoked) is a
     * {@link io.github.inatauth.CredentialsRejectedException}.
     *
     * @param jwt the personal API token, still valid
     * @return the new JWT, with its expiry
     */
    default Token renewApiToken(Secret jwt) {
        throw new UnsupportedOperationException(getClass().getName() + " cannot renew personal API tokens");
    }

    /**
     * The login name of the user of {@code jwt} ({@code GET /users/me}); a
     * {@link io.github.inatauth.CredentialsRejectedException} when the API refuses the JWT.
     *
     * @param jwt a JWT of this server
     * @return the login name of its user
     */
    default String login(Secret jwt) {
        throw new UnsupportedOperationException(getClass().getName() + " cannot look up users");
    }

    /** Releases what the provider's {@code open} acquired. */
    @Override
    default void close() {
    }
}
