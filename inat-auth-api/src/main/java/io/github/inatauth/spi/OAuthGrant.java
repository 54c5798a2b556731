package io.github.inatauth.spi;

import io.github.inatauth.Credentials;

/**
 * Another way to obtain the OAuth access token than the password grant, such as the browser sign-in
 * (authorization code with PKCE) of {@code io.github.inatauth.http}. Set with
 * {@code InatAuth.Builder.grant}; the token it returns is cached, stored and exchanged for JWTs like
 * any other. The credentials passed hold at least the username and app id; the context is the
 * {@code InatAuth}'s own, so the grant talks to the same server with the same timeouts.
 */
@FunctionalInterface
public interface OAuthGrant {
    /**
     * Obtains an OAuth access token.
     *
     * @param credentials at least the username and app id
     * @param context the {@code InatAuth}'s server, timeouts and clock
     * @return the OAuth access token
     * @throws io.github.inatauth.InatAuthException when no token can be had
     */
    Token obtain(Credentials credentials, ProviderContext context);
}
