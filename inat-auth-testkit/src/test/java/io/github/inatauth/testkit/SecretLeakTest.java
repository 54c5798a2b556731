package io.github.inatauth.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.inatauth.testkit.InatTestServer.Endpoint;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(InatTestServerExtension.class)
class SecretLeakTest {
    private static final String PASSWORD = "sentinel-password-7f3a";
    private static final String SECRET = "sentinel-app-secret-91bc";

    private final InatTestServer server;
    private final TestHttp http;
    private LogCapture logs;

    SecretLeakTest(InatTestServer server) {
        this.server = server;
        this.http = new TestHttp(server);
    }

    @BeforeEach
    void captureLogs() {
        logs = LogCapture.of(InatTestServer.class.getName());
    }

    @AfterEach
    void release() {
        logs.close();
    }

    @Test
    void everyPath_secretsAndTokensNeverLoggedNorPrinted() throws Exception {
        server.addUser("leaky", PASSWORD).addApp("leaky-app", SECRET);
        List<String> tokens = new ArrayList<>();
        HttpResponse<String> granted = http.passwordGrant("leaky", PASSWORD, "leaky-app", SECRET);
        String access = TestHttp.member(granted, 200, "access_token");
        tokens.add(access);
        tokens.add(http.jwtFor(access));
        http.get("/v1/users/me", "Authorization", tokens.get(1));
        http.passwordGrant("leaky", PASSWORD, "leaky-app", "wrong-" + SECRET);
        http.passwordGrant("leaky", "wrong-" + PASSWORD, "leaky-app", SECRET);
        http.postJson("/oauth/token", "{\"password\": \"" + PASSWORD + "\", ");
        server.serveJson("/vault", "{}").requireAuthorization("/vault", "Bearer " + SECRET);
        http.get("/vault", "Authorization", "Bearer " + PASSWORD);
        server.failNext(Endpoint.TOKEN, Fault.status(500), Fault.nonJson(), Fault.dropConnection());
        for (int i = 0; i < 3; i++) {
            try {
                http.passwordGrant("leaky", PASSWORD, "leaky-app", SECRET);
            } catch (IOException expected) {
                // the dropped connection
            }
        }
        server.revokeTokens("leaky");
        http.get("/users/api_token", "Authorization", "Bearer " + access);

        List<String> printed = new ArrayList<>(logs.lines());
        assertThat(printed).isNotEmpty();
        server.requests().forEach(r -> printed.add(r.toString()));
        printed.add(server.toString());
        printed.add(server.defaultCredentials().toString());
        for (String text : printed) {
            assertThat(text).doesNotContain(PASSWORD, SECRET, tokens.get(0), tokens.get(1));
        }
    }
}
