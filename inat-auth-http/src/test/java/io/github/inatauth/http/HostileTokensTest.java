package io.github.inatauth.http;

import static io.github.inatauth.http.TestSupport.auth;
import static io.github.inatauth.http.TestSupport.envWithDefaults;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.inatauth.InatAuth;
import io.github.inatauth.ServerException;
import io.github.inatauth.TokenType;
import io.github.inatauth.testkit.Fault;
import io.github.inatauth.testkit.InatTestServer;
import io.github.inatauth.testkit.InatTestServer.Endpoint;
import io.github.inatauth.testkit.InatTestServerExtension;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 12.3, 12.5 and 12.6 end to end: tokens that are not bearer tokens, JWTs that arrive expired,
 * and a machine whose clock is off.
 */
class HostileTokensTest {
    private static final String INJECTED = "\\nX-Injected: 1";

    @RegisterExtension
    final InatTestServerExtension kit = new InatTestServerExtension();

    private final List<LogRecord> warnings = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public synchronized void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                warnings.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final Logger httpLogger = Logger.getLogger("io.github.inatauth.http");

    @BeforeEach
    void listen() {
        httpLogger.addHandler(capture);
    }

    @AfterEach
    void stopListening() {
        httpLogger.removeHandler(capture);
    }

    private InatTestServer server() {
        return kit.server();
    }

    private static Fault json(String body) {
        return Fault.status(200, "application/json; charset=utf-8", body);
    }

    private InatAuth.Builder auth() {
        return TestSupport.auth(server(), envWithDefaults(server()));
    }

    @Test
    void accessToken_accessTokenWithLineBreak_isServerErrorNamingTheEndpoint() {
        server().failNext(Endpoint.TOKEN, json("{\"access_token\":\"abcdef" + INJECTED + "\",\"token_type\":\"Bearer\"}"));
        try (InatAuth auth = auth().build()) {
            assertThatThrownBy(() -> auth.accessToken(TokenType.OAUTH)).isInstanceOfSatisfying(ServerException.class, e ->
                    assertThat(e.getMessage()).contains("/oauth/token", "'access_token'", "line break", "position 7")
                            .doesNotContain("abcdef").doesNotContain("Injected"));
            // nothing was kept: the next call asks again and gets a good token
            assertThat(auth.accessToken(TokenType.OAUTH)).matches("[A-Za-z0-9._~+/-]+=*");
        }
        assertThat(server().requestCount(Endpoint.TOKEN)).isEqualTo(2);
    }

    @Test
    void accessToken_apiTokenWithInjectedHeader_isServerErrorNamingTheEndpoint() {
        String jwt = server().issueJwt(InatTestServer.DEFAULT_USERNAME);
        server().failNext(Endpoint.API_TOKEN, json("{\"api_token\":\"" + jwt + INJECTED + "\"}"));
        try (InatAuth auth = auth().build()) {
            assertThatThrownBy(auth::accessToken).isInstanceOfSatisfying(ServerException.class, e ->
                    assertThat(e.getMessage()).contains("/users/api_token", "'api_token'", "line break")
                            .doesNotContain(jwt.substring(0, 20)).doesNotContain("Injected"));
        }
    }

    @Test
    void accessToken_tokenAsJsonNumber_isServerError() {
        server().failNext(Endpoint.TOKEN, json("{\"access_token\":12345678901234567890,\"token_type\":\"Bearer\"}"));
        try (InatAuth auth = auth().build()) {
            assertThatThrownBy(() -> auth.accessToken(TokenType.OAUTH)).isInstanceOfSatisfying(ServerException.class, e ->
                    assertThat(e.getMessage()).contains("/oauth/token", "'access_token' that is a JSON number")
                            .doesNotContain("1234567890"));
        }
        server().failNext(Endpoint.API_TOKEN, json("{\"api_token\":{\"jwt\":\"x\"}}"));
        try (InatAuth auth = auth().build()) {
            assertThatThrownBy(auth::accessToken).isInstanceOfSatisfying(ServerException.class, e ->
                    assertThat(e.getMessage()).contains("/users/api_token", "'api_token' that is a JSON object"));
        }
    }

    @Test
    void accessToken_tooLongToken_isServerError() {
        server().failNext(Endpoint.TOKEN, json("{\"access_token\":\"" + "a".repeat(5000) + "\"}"));
        try (InatAuth auth = auth().build()) {
            assertThatThrownBy(() -> auth.accessToken(TokenType.OAUTH)).isInstanceOfSatisfying(ServerException.class, e ->
                    assertThat(e.getMessage()).contains("/oauth/token", "5000 characters").doesNotContain("aaaa"));
        }
    }

    @Test
    void accessToken_brokerWithBadToken_isServerErrorNamingTheBroker() {
        String jwt = server().issueJwt(InatTestServer.DEFAULT_USERNAME);
        server().serveJson("/broker", "{\"api_token\":\"" + jwt + INJECTED + "\"}");
        server().serveJson("/number", "{\"api_token\":42}");
        for (String path : new String[] {"/broker", "/number"}) {
            Map<String, String> env = new HashMap<>();
            env.put("INAT_AUTH_REMOTE_URL", server().baseUrl() + path);
            try (InatAuth auth = TestSupport.auth(server(), env).store("remote").build()) {
                assertThatThrownBy(auth::accessToken).isInstanceOfSatisfying(ServerException.class, e ->
                        assertThat(e.getMessage()).contains("token broker", path, "'api_token'")
                                .doesNotContain(jwt.substring(0, 20)));
            }
        }
    }

    @Test
    void accessToken_localClockADayAhead_oneJwtRequestForTwentyCalls() {
        Clock ahead = Clock.offset(Clock.systemUTC(), Duration.ofDays(1));
        try (InatAuth auth = auth().clock(ahead).build()) {
            String first = auth.accessToken();
            for (int i = 1; i < 20; i++) {
                assertThat(auth.accessToken()).isEqualTo(first);
            }
            assertThat(auth.isValid(first)).isTrue();
        }
        assertThat(server().jwtCount()).isEqualTo(1);
        assertThat(warnings).hasSize(1); // reported once, though two answers showed it
        assertThat(warnings.get(0).getMessage()).contains("clock");
        assertThat(java.text.MessageFormat.format(warnings.get(0).getMessage(), warnings.get(0).getParameters()))
                .contains("about 24 hours ahead of");
    }

    @Test
    void accessToken_brokerAndLocalClockADayAhead_usesTheBrokersToken() {
        server().brokerFor("/broker", InatTestServer.DEFAULT_USERNAME);
        Map<String, String> env = new HashMap<>();
        env.put("INAT_AUTH_REMOTE_URL", server().baseUrl() + "/broker");
        try (InatAuth auth = TestSupport.auth(server(), env).store("remote")
                .clock(Clock.offset(Clock.systemUTC(), Duration.ofDays(1))).build()) {
            String jwt = auth.accessToken();
            assertThat(auth.isValid(jwt)).isTrue();
        }
        assertThat(warnings).hasSize(1);
    }

    @Test
    void accessToken_clocksAgree_noWarning() {
        try (InatAuth auth = auth().build()) {
            auth.accessToken();
        }
        assertThat(warnings).isEmpty();
    }

    @Test
    void accessToken_jwtExpiredOnArrival_isServerErrorSayingSo() {
        server().clock(Clock.offset(Clock.systemUTC(), Duration.ofDays(-2))); // issues JWTs that expired a day ago
        try (InatAuth auth = auth().build()) {
            assertThatThrownBy(auth::accessToken).isInstanceOfSatisfying(ServerException.class, e ->
                    assertThat(e.getMessage()).contains("/users/api_token", "already expired", "about 24 hours before",
                            "server's own time").doesNotContain("machine's clock is also"));
        }
    }

    @Test
    void accessToken_jwtExpiredOnArrivalAndClockOff_saysByHowMuch() {
        server().clock(Clock.offset(Clock.systemUTC(), Duration.ofDays(-2)));
        try (InatAuth auth = auth().clock(Clock.offset(Clock.systemUTC(), Duration.ofDays(1))).build()) {
            assertThatThrownBy(auth::accessToken).isInstanceOfSatisfying(ServerException.class, e ->
                    assertThat(e.getMessage()).contains("already expired",
                            "this machine's clock is also about 24 hours ahead of the server's"));
        }
    }
}
