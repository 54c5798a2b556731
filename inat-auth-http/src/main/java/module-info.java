/**
 * inat-auth over HTTP: the token issuer (password grant, JWT exchange, validation), the browser
 * sign-in (authorization code with PKCE, {@link io.github.inatauth.http.BrowserSignIn}), and the
 * remote-HTTP credential source and token broker (id {@code remote}). JSON goes through Jakarta
 * JSON-P; Parsson is the provider shipped alongside.
 */
module io.github.inatauth.http {
    requires transitive io.github.inatauth;
    requires java.net.http;
    requires jakarta.json;

    exports io.github.inatauth.http;

    // JsonSupport checks that a JSON-P provider is listed without creating it
    uses jakarta.json.spi.JsonProvider;

    provides io.github.inatauth.spi.TokenIssuerProvider with io.github.inatauth.http.internal.HttpTokenIssuerProvider;
    provides io.github.inatauth.spi.CredentialSource with io.github.inatauth.http.internal.RemoteCredentialSource;
    provides io.github.inatauth.spi.TokenStoreProvider with io.github.inatauth.http.internal.RemoteTokenStoreProvider;
}
