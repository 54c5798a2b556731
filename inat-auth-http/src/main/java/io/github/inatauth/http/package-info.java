/**
 * The browser sign-in ({@link io.github.inatauth.http.BrowserSignIn}: authorization code with
 * PKCE) and the way it opens the browser ({@link io.github.inatauth.http.BrowserOpener}). The token
 * issuer and the {@code remote} source and store of this module are found with ServiceLoader and
 * need no code.
 */
package io.github.inatauth.http;
