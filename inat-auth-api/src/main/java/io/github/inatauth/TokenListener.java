package io.github.inatauth;

import java.time.Instant;

/**
 * Hears about the tokens an {@code InatAuth} gets, to log them or export metrics
 * ({@link InatAuth.Builder#listener}). It is never given a token's value. It is called on the thread
 * that got the token (a caller's or inat-auth's own) and should return quickly; what it throws is
 * logged once and otherwise ignored, so it can never break a call.
 */
public interface TokenListener {

    /** Where a new token came from. */
    enum Origin {
        /** The token store (one this or another process got earlier, or a broker's). */
        STORE,
        /** iNaturalist: a password grant, another {@link io.github.inatauth.spi.OAuthGrant}, or a JWT exchange. */
        SERVER,
        /** A personal API token renewed by iNaturalist. */
        RENEWAL,
        /** A personal API token as it was configured or saved. */
        GIVEN
    }

    /**
     * A new token is in use.
     *
     * @param type which token
     * @param expiresAt when it expires; null when the server did not say
     * @param origin where it came from
     */
    default void newToken(TokenType type, Instant expiresAt, Origin origin) {
    }

    /**
     * Getting a token failed; the caller (if one waited) gets {@code error}. A failed background
     * refresh leaves the current token in use until it expires.
     *
     * @param type which token
     * @param error why, as the caller gets it
     */
    default void refreshFailed(TokenType type, RuntimeException error) {
    }
}
