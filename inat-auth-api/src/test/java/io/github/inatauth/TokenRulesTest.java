package io.github.inatauth;

import io.github.inatauth.internal.shared.JwtClaims;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.inatauth.spi.Token;
import io.github.inatauth.spi.TokenIssuer;
import io.github.inatauth.testkit.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Issue 12.3 and 12.5: what a token may hold, and how a JWT's {@code exp} is read. */
class TokenRulesTest {
    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    private static final Instant EXP = Instant.parse("2026-06-02T00:00:00Z");

    @ParameterizedTest
    @ValueSource(strings = {"eyJzq.a.b\nX-Injected: 1", "zqx\ren", "zqx\u0000en", "zq words", "zq\u00e9", "zq,b", "zq=c",
            "=zqx", "zqx\u007f"})
    void token_notABearerToken_isRefusedWithoutQuotingIt(String value) {
        assertThatThrownBy(() -> new Token(Secret.of(value), NOW, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bearer token")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(value).doesNotContain("zq").doesNotContain("Injected"));
    }

    @Test
    void token_overTheLengthBound_isRefused() {
        assertThat(new Token(Secret.of("a".repeat(4096)), NOW, null).value().reveal()).hasSize(4096);
        assertThatThrownBy(() -> new Token(Secret.of("a".repeat(4097)), NOW, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4097 characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "A-Z.a_z~0+9/x", "YWJj==", "eyJhbGciOiJIUzUxMiJ9.eyJleHAiOjF9.sig-_"})
    void token_bearerToken_isKept(String value) {
        assertThat(new Token(Secret.of(value), NOW, null).value().reveal()).isEqualTo(value);
    }

    @Test
    void exp_onlyTheTopLevelMemberCounts() {
        assertThat(expOf("{\"user\":{\"exp\":1},\"exp\":" + EXP.getEpochSecond() + "}")).contains(EXP);
        assertThat(expOf("{\"exp\":" + EXP.getEpochSecond() + ",\"nested\":[{\"exp\":99999999999}]}")).contains(EXP);
        assertThat(expOf("{\"nested\":{\"exp\":" + EXP.getEpochSecond() + "}}")).isEmpty();
        assertThat(expOf("{\"note\":\"\\\"exp\\\":42,\",\"exp\":" + EXP.getEpochSecond() + "}")).contains(EXP);
        assertThat(expOf("{\"e\\u0078p\":" + EXP.getEpochSecond() + "}")).contains(EXP);
    }

    @Test
    void exp_numberForms() {
        long s = EXP.getEpochSecond();
        assertThat(expOf("{\"exp\":" + s + ".999}")).contains(EXP); // floored
        assertThat(expOf("{\"exp\":1.7e9}")).contains(Instant.ofEpochSecond(1_700_000_000L));
        assertThat(expOf("{\"exp\":17000000000E-1}")).contains(Instant.ofEpochSecond(1_700_000_000L));
        assertThat(expOf("{\"exp\":1e999999999}")).isEmpty();
        assertThat(expOf("{\"exp\":1e-999999999}")).isEmpty();
        assertThat(expOf("{\"exp\":-" + s + "}")).isEmpty();
        assertThat(expOf("{\"exp\":0}")).isEmpty();
        assertThat(expOf("{\"exp\":253402300800}")).isEmpty(); // past 9999-12-31T23:59:59Z
        assertThat(expOf("{\"exp\":253402300799}")).contains(Instant.parse("9999-12-31T23:59:59Z"));
        assertThat(expOf("{\"exp\":\"" + s + "\"}")).isEmpty();
        assertThat(expOf("{\"exp\":null}")).isEmpty();
    }

    @Test
    void exp_malformedPayload_hasNoUsableExp() {
        long s = EXP.getEpochSecond();
        assertThat(expOf("{\"exp\":" + s + ",\"exp\":" + s + "}")).isEmpty(); // repeated
        assertThat(expOf("{\"exp\":" + s + "}x")).isEmpty();
        assertThat(expOf("{\"exp\":" + s)).isEmpty();
        assertThat(expOf("{\"exp\":0" + s + "}")).isEmpty(); // leading zero
        assertThat(expOf("{\"exp\":" + s + ",}")).isEmpty();
        assertThat(expOf("[{\"exp\":" + s + "}]")).isEmpty();
        assertThat(expOf("{\"a\":" + "[".repeat(20_000) + "]".repeat(20_000) + ",\"exp\":" + s + "}")).isEmpty();
        assertThat(expOf("{\"a\":" + "[".repeat(40) + "]".repeat(40) + ",\"exp\":" + s + "}")).isEmpty(); // too deep
        assertThat(expOf("{\"a\":" + "[".repeat(30) + "]".repeat(30) + ",\"exp\":" + s + "}")).contains(EXP);
        assertThat(expOf("{\"a\":\"\u0001\",\"exp\":" + s + "}")).isEmpty();
        assertThat(JwtClaims.expiry("h." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(new byte[] {'{', '"', (byte) 0xff, '"', ':', '1', '}'}) + ".s")).isEmpty();
    }

    @Test
    void jwt_withoutUsableExp_isKeptOneHour() {
        for (String payload : new String[] {"{\"user_id\":1}", "{\"exp\":-5}", "{\"exp\":1.7e99}", "{\"x\":{\"exp\":99999999999}}"}) {
            assertThat(Token.jwt(Secret.of(jwt(payload)), NOW).expiresAt()).as(payload).isEqualTo(NOW.plus(Duration.ofHours(1)));
        }
        assertThat(Token.jwt(Secret.of(jwt("{\"exp\":" + EXP.getEpochSecond() + "}")), NOW).expiresAt()).isEqualTo(EXP);
    }

    @Test
    void accessToken_jwtWithoutExp_isFetchedAgainAfterAnHour() {
        MutableClock clock = MutableClock.at(NOW);
        AtomicInteger exchanges = new AtomicInteger();
        TokenIssuer noExp = new TokenIssuer() {
            @Override
            public Token passwordGrant(Credentials credentials) {
                return new Token(Secret.of("oauth"), clock.instant(), null);
            }

            @Override
            public Token exchangeForJwt(Secret oauthToken) {
                return Token.jwt(Secret.of(jwt("{\"user_id\":1,\"n\":" + exchanges.incrementAndGet() + "}")), clock.instant());
            }

            @Override
            public boolean validate(Secret jwt) {
                return true;
            }
        };
        Map<String, String> env = Map.of("INAT_USERNAME", "u", "INAT_PASSWORD", "p", "INAT_APP_ID", "a", "INAT_APP_SECRET", "s");
        try (InatAuth auth = InatAuth.builder().environment(env::get).systemProperties(k -> null).sources("env")
                .store("none").issuer(context -> noExp).clock(clock).build()) {
            String first = auth.accessToken();
            clock.advance(Duration.ofMinutes(30));
            assertThat(auth.accessToken()).isEqualTo(first);
            clock.advance(Duration.ofMinutes(31));
            assertThat(auth.accessToken()).isNotEqualTo(first);
        }
        assertThat(exchanges).hasValue(2);
    }

    private static java.util.Optional<Instant> expOf(String payload) {
        return JwtClaims.expiry(jwt(payload));
    }

    static String jwt(String payload) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"HS512\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + ".sig";
    }
}
