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

    /** The password grant; {@code credentials} is complete. Returns the OAuth token. */
    Token passwordGrant(Credentials credentials);

    /** Exchanges an OAuth token for a JWT ({@code /users/api_token}); the result has the JWT's expiry. */
    Token exchangeForJwt(Secret oauthToken);

    /** Whether the API accepts {@code jwt} ({@code GET /users/me} answers 200). */
    boolean validate(Secret jwt);

    /** Releases what the provider's {@code open} acquired. */
    @Override
    default void close() {
    }
}
