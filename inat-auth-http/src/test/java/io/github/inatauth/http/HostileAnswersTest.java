package io.github.inatauth.http;

import static io.github.inatauth.http.TestSupport.auth;
import static io.github.inatauth.http.TestSupport.envWithDefaults;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.inatauth.InatAuth;
import io.github.inatauth.ServerException;
import io.github.inatauth.testkit.Fault;
import io.github.inatauth.testkit.InatTestServer;
import io.github.inatauth.testkit.InatTestServer.Endpoint;
import io.github.inatauth.testkit.InatTestServerExtension;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Answers no iNaturalist or broker sends, each once a foreign exception ("this is a bug", exit 1):
 * every one is now a {@link ServerException} that names the endpoint and quotes nothing of the body.
 */
class HostileAnswersTest {
    /** Parsson's default depth limit is 1000 and it reports a deeper answer with a bare RuntimeException. */
    private static final String DEEP = "[".repeat(20_000) + "]".repeat(20_000);

    @RegisterExtension
    final InatTestServerExtension kit = new InatTestServerExtension();

    private InatTestServer server() {
        return kit.server();
    }

    /** Bodies of a 200 from the token endpoint that hold a good token beside something the parser refuses. */
    static Stream<String> refusedTokenAnswers() {
        return Stream.of(
                "{\"access_token\":\"good-token\",\"deep\":" + DEEP + "}",
                "{\"access_token\":\"good-token\",\"n\":1e9999999999}", // NumberFormatException: exponent overflow
                "{\"access_token\":\"good-token\",\"n\":1e-9999999999}",
                "{\"access_token\":\"good-token\",\"n\":" + "7".repeat(2000) + "}", // Parsson refuses over 1100 digits
                "{\"access_token\":\"good-token\"} and then some text",
                DEEP);
    }

    @ParameterizedTest
    @MethodSource("refusedTokenAnswers")
    void accessToken_tokenAnswerTheParserRefuses_isServerException(String body) {
        server().failNext(Endpoint.TOKEN, Fault.status(200, "application/json", body));
        try (InatAuth auth = auth(server(), envWithDefaults(server())).build()) {
            assertThatThrownBy(auth::accessToken).isInstanceOfSatisfying(ServerException.class, e -> {
                assertThat(e.getMessage()).contains(server().baseUrl() + "/oauth/token", "not iNaturalist's JSON")
                        .doesNotContain("good-token");
                assertThat(e.statusCode()).hasValue(200);
            });
        }
    }

    static Stream<String> refusedJwtAnswers() {
        return Stream.of("{\"api_token\":" + DEEP + "}", "{\"api_token\":\"a.b.c\",\"x\":1e9999999999}");
    }

    @ParameterizedTest
    @MethodSource("refusedJwtAnswers")
    void accessToken_jwtAnswerTheParserRefuses_isServerException(String body) {
        server().failNext(Endpoint.API_TOKEN, Fault.status(200, "application/json", body));
        try (InatAuth auth = auth(server(), envWithDefaults(server())).build()) {
            assertThatThrownBy(auth::accessToken).isInstanceOfSatisfying(ServerException.class,
                    e -> assertThat(e.getMessage()).contains("/users/api_token", "not iNaturalist's JSON"));
        }
    }

    /** {@code expires_at} values that are no time of a token: too large, negative, fractional, of the wrong type. */
    @ParameterizedTest
    @ValueSource(strings = {"9223372036854775807", "\"+999999999-12-31T23:59:59Z\"", "1e999999999", "-5", "1.5",
        "\"-5\"", "\"1e3\"", "\"99999999999999\"", "253402300800", "\"+10000-01-01T00:00:00Z\"",
        "\"tomorrow\"", "\"\"", "true", "{\"seconds\":1}", "[1]"})
    void accessToken_brokerExpiresAtNoTokenHas_isServerExceptionNamingTheBroker(String expiresAt) {
        String jwt = server().issueJwt(InatTestServer.DEFAULT_USERNAME);
        server().serveJson("/broker", "{\"api_token\":\"" + jwt + "\",\"expires_at\":" + expiresAt + "}");
        Map<String, String> env = new HashMap<>();
        env.put("INAT_AUTH_REMOTE_URL", server().baseUrl() + "/broker");
        try (InatAuth auth = auth(server(), env).store("remote").build()) {
            assertThatThrownBy(auth::accessToken).isInstanceOfSatisfying(ServerException.class,
                    e -> assertThat(e.getMessage()).contains(server().baseUrl() + "/broker", "'expires_at'"));
        }
    }

    static Stream<String> refusedBrokerAnswers() {
        return Stream.of("{\"api_token\":\"a.b.c\",\"deep\":" + DEEP + "}", "{\"api_token\":\"a.b.c\"}}");
    }

    @ParameterizedTest
    @MethodSource("refusedBrokerAnswers")
    void accessToken_brokerAnswerTheParserRefuses_isServerException(String body) {
        server().serveJson("/broker", body);
        Map<String, String> env = new HashMap<>();
        env.put("INAT_AUTH_REMOTE_URL", server().baseUrl() + "/broker");
        try (InatAuth auth = auth(server(), env).store("remote").build()) {
            assertThatThrownBy(auth::accessToken).isInstanceOfSatisfying(ServerException.class,
                    e -> assertThat(e.getMessage()).contains(server().baseUrl() + "/broker", "not a JSON document"));
        }
    }
}
