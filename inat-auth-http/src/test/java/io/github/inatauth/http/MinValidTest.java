package io.github.inatauth.http;

import io.github.inatauth.internal.shared.JwtClaims;
import static io.github.inatauth.http.TestSupport.auth;
import static io.github.inatauth.http.TestSupport.envWithDefaults;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.inatauth.ConfigurationException;
import io.github.inatauth.InatAuth;
import io.github.inatauth.TokenType;
import io.github.inatauth.testkit.InatTestServer;
import io.github.inatauth.testkit.InatTestServer.Endpoint;
import io.github.inatauth.testkit.InatTestServerExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code accessToken(type, minValid)}, the broker's call (issue 15.5): a JWT with a guaranteed remaining
 * life, renewed from the kept OAuth token, never by a new grant while that token is good. Two instances
 * share the process's memory store as two runs of a broker share the file store; the second runs 13 hours
 * later on its own clock.
 */
class MinValidTest {
    private static final Duration LATER = Duration.ofHours(13);

    @RegisterExtension
    final InatTestServerExtension kit = new InatTestServerExtension();

    private InatTestServer server() {
        return kit.server();
    }

    private InatAuth.Builder run(Clock clock) {
        return auth(server(), envWithDefaults(server())).store("memory").clock(clock);
    }

    @Test
    void jwtWithLessLeft_renewedFromTheKeptOAuthToken_withoutAGrant() {
        String first;
        try (InatAuth now = run(Clock.systemUTC()).build()) {
            first = now.accessToken(TokenType.JWT, Duration.ofHours(12));
        }
        Clock later = Clock.offset(Clock.systemUTC(), LATER);
        server().clock(later); // the server's JWTs are 13 hours later too
        try (InatAuth run = run(later).build()) {
            String renewed = run.accessToken(TokenType.JWT, Duration.ofHours(12)); // 11 h left: too little

            assertThat(renewed).isNotEqualTo(first);
            Instant exp = JwtClaims.expiry(renewed).orElseThrow();
            assertThat(exp).isAfter(later.instant().plus(Duration.ofHours(23)));
            assertThat(run.accessToken(TokenType.JWT, Duration.ofHours(12))).isEqualTo(renewed);
            assertThat(run.accessToken()).isEqualTo(renewed);
        }
        assertThat(server().grantCount()).as("grants").isEqualTo(1);
        assertThat(server().jwtCount()).as("exchanges").isEqualTo(2);
        assertThat(server().requests(Endpoint.API_TOKEN).get(1).header("Authorization"))
                .isEqualTo(server().requests(Endpoint.API_TOKEN).get(0).header("Authorization"));
    }

    @Test
    void jwtWithEnoughLeft_servedAsItIs_withoutARequest() {
        try (InatAuth now = run(Clock.systemUTC()).build()) {
            now.accessToken();
        }
        int before = server().requestCount(Endpoint.ANY);
        Clock later = Clock.offset(Clock.systemUTC(), LATER);
        try (InatAuth run = run(later).build()) {
            run.accessToken(TokenType.JWT, Duration.ofHours(10)); // 11 h left: enough
        }
        assertThat(server().requestCount(Endpoint.ANY)).isEqualTo(before);
    }

    @Test
    void moreThanAJwtsLife_aConfigurationErrorThatSaysSo_afterOneExchangeAtMost() {
        try (InatAuth auth = run(Clock.systemUTC()).build()) {
            assertThatThrownBy(() -> auth.accessToken(TokenType.JWT, Duration.ofHours(25)))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("less than the 25 h 0 min asked for")
                    .hasMessageContaining("24 hours");
        }
        assertThat(server().grantCount()).isEqualTo(1);
        assertThat(server().jwtCount()).isEqualTo(1);
    }

    @Test
    void oauthToken_neverExpires_servedAsItIs() {
        try (InatAuth auth = run(Clock.systemUTC()).build()) {
            String oauth = auth.accessToken(TokenType.OAUTH);
            assertThat(auth.accessToken(TokenType.OAUTH, Duration.ofDays(3650))).isEqualTo(oauth);
            assertThatThrownBy(() -> auth.accessToken(TokenType.JWT, Duration.ofHours(-1)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(server().grantCount()).isEqualTo(1);
    }
}
