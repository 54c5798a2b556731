package io.github.inatauth.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LifecycleTest {

    @Test
    void builderPort_free_serverListensThere() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        try (InatTestServer server = InatTestServer.builder().port(port).start()) {
            assertThat(server.port()).isEqualTo(port);
            assertThat(server.baseUrl().toString()).isEqualTo("http://127.0.0.1:" + port);
            assertThat(new TestHttp(server).defaultAccessToken()).isNotEmpty();
        }
    }

    @Test
    void builderPort_inUse_uncheckedIoExceptionNamingThePort() {
        try (InatTestServer first = InatTestServer.start()) {
            assertThatThrownBy(() -> InatTestServer.builder().port(first.port()).start())
                    .isInstanceOf(UncheckedIOException.class).hasMessageContaining(":" + first.port());
        }
    }

    @Test
    void close_thenRequest_connectionRefused() {
        InatTestServer server = InatTestServer.start();
        TestHttp http = new TestHttp(server);
        server.close();

        assertThatThrownBy(() -> http.get("/v1/users/me")).isInstanceOf(IOException.class);
    }

    @Test
    void close_twice_harmless() {
        InatTestServer server = InatTestServer.start();
        server.close();
        server.close();
    }

    @Test
    void twoServers_independentUsersAndKeys() throws Exception {
        try (InatTestServer a = InatTestServer.start(); InatTestServer b = InatTestServer.start()) {
            a.addUser("only-in-a", "pw");

            assertThat(a.port()).isNotEqualTo(b.port());
            assertThat(a.jwtSigningKey()).isNotEqualTo(b.jwtSigningKey());
            assertThat(new TestHttp(b).passwordGrant("only-in-a", "pw", InatTestServer.DEFAULT_APP_ID,
                    InatTestServer.DEFAULT_APP_SECRET).statusCode()).isEqualTo(400);
            String tokenOfA = new TestHttp(a).defaultAccessToken();
            assertThat(new TestHttp(b).get("/users/api_token", "Authorization", "Bearer " + tokenOfA).statusCode())
                    .isEqualTo(401);
        }
    }

    @Test
    void arguments_invalid_refusedAtOnce() {
        try (InatTestServer server = InatTestServer.start()) {
            assertThatThrownBy(() -> server.addUser("", "pw")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> server.addApp("id", "")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> server.jwtLifetime(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> server.delayAll(InatTestServer.Endpoint.TOKEN, Duration.ofSeconds(-1)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> server.consent("ghost")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> InatTestServer.builder().port(70000)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> Fault.status(42)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
