/**
 * A local stand-in for iNaturalist's auth endpoints ({@code /oauth/token}, {@code /oauth/authorize},
 * {@code /users/api_token}, {@code /v1/users/me}) and for a secrets broker, on the JDK's own HTTP
 * server, with fault injection and request capture for tests. JUnit 5 is needed only for
 * {@link io.github.inatauth.testkit.InatTestServerExtension}.
 */
module io.github.inatauth.testkit {
    requires transitive io.github.inatauth;
    requires jdk.httpserver;
    requires static org.junit.jupiter.api;

    exports io.github.inatauth.testkit;
}
