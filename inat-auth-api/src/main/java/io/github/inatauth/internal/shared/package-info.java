/**
 * Helpers inat-auth's own modules share: the one form of a server URL and how it is shown
 * ({@link io.github.inatauth.internal.shared.ServerUrls}), a JWT's claims
 * ({@link io.github.inatauth.internal.shared.JwtClaims}), a small strict JSON reader
 * ({@link io.github.inatauth.internal.shared.TopLevelJson}) and the range of a token's times
 * ({@link io.github.inatauth.internal.shared.TokenTimes}). Exported only to those modules (a
 * qualified export in {@code module-info.java}); not API, neither on the module path nor on the class path.
 */
package io.github.inatauth.internal.shared;
