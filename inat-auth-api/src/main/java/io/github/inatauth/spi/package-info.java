/**
 * The service provider interface: implement {@link io.github.inatauth.spi.CredentialSource},
 * {@link io.github.inatauth.spi.TokenStoreProvider} (which opens a {@link io.github.inatauth.spi.TokenStore})
 * or {@link io.github.inatauth.spi.TokenIssuerProvider} (which opens a
 * {@link io.github.inatauth.spi.TokenIssuer}) and declare it with {@code provides} in module-info and in
 * {@code META-INF/services}.
 */
package io.github.inatauth.spi;
