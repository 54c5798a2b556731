/**
 * inat-auth over HTTP: the token issuer (password grant, JWT exchange, validation). JSON goes
 * through Jakarta JSON-P; Parsson is the provider shipped alongside.
 */
module io.github.inatauth.http {
    requires transitive io.github.inatauth;
    requires java.net.http;
    requires jakarta.json;

    provides io.github.inatauth.spi.TokenIssuer with io.github.inatauth.http.internal.HttpTokenIssuer;
}
