/**
 * A local stand-in for iNaturalist's auth endpoints ({@code /oauth/token}, {@code /oauth/authorize},
 * {@code /users/api_token}, {@code /v1/users/me}) and for a secrets broker, on the JDK's own HTTP
 * server, with fault injection and request capture for tests; and the fixtures every module's tests
 * share: {@link io.github.inatauth.testkit.MutableClock}, {@link io.github.inatauth.testkit.CountingIssuer},
 * {@link io.github.inatauth.testkit.LogCapture} and {@link io.github.inatauth.testkit.ChildJvm} (their
 * sources are in {@code src/fixtures}, which the API module's tests compile too). JUnit 5 is needed only
 * for {@link io.github.inatauth.testkit.InatTestServerExtension}.
 */
module io.github.inatauth.testkit {
    requires transitive io.github.inatauth;
    requires jdk.httpserver;
    requires static org.junit.jupiter.api;
    // LogCapture, a test fixture, reads the records System.Logger sends to java.util.logging
    requires java.logging;

    exports io.github.inatauth.testkit;
}
