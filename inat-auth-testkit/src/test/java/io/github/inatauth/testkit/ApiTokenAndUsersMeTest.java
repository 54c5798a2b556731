package io.github.inatauth.testkit;

import static io.github.inatauth.testkit.InatTestServer.DEFAULT_USERNAME;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.inatauth.testkit.InatTestServer.Endpoint;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ApiTokenAndUsersMeTest {
    private static final Instant T0 = Instant.parse("2026-11-27T12:00:00Z");

    private final MutableClock clock = MutableClock.at(T0);
    /** On an instance field: a server per test, on this test's clock. */
    @RegisterExtension
    final InatTestServerExtension extension = new InatTestServerExtension(InatTestServer.builder().clock(clock));
    private InatTestServer server;
    private TestHttp http;

    @BeforeEach
    void bind() {
        server = extension.server();
        http = new TestHttp(server);
    }

    @Test
    void apiToken_validAccessToken_givesHs512JwtOfExactlyUserIdAppIdAndExp24hLater() throws Exception {
        String jwt = http.jwtFor(http.defaultAccessToken());

        Map<String, String> claims = TestHttp.verifiedClaims(jwt, server.jwtSigningKey());
        // iNaturalist's JsonWebToken.encode: no iat, no jti
        assertThat(claims).containsOnlyKeys("user_id", "oauth_application_id", "exp");
        assertThat(claims.get("user_id")).isEqualTo(Long.toString(server.userId(DEFAULT_USERNAME)));
        assertThat(claims.get("oauth_application_id")).matches("\\d+");
        assertThat(claims.get("exp")).isEqualTo(Long.toString(T0.plus(Duration.ofHours(24)).getEpochSecond()));
        assertThat(server.jwtCount()).isEqualTo(1);
        assertThat(server.grantCount()).isEqualTo(1);
    }

    @Test
    void apiToken_otherKey_signatureDoesNotVerify() throws Exception {
        String jwt = http.jwtFor(http.defaultAccessToken());

        try (InatTestServer other = InatTestServer.start()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(
                    () -> TestHttp.verifiedClaims(jwt, other.jwtSigningKey())).hasMessage("bad signature");
        }
    }

    @Test
    void apiToken_twoRequestsInTheSameSecond_giveTheSameJwt_asINaturalistsClaimsDiffer_onlyInExp() throws Exception {
        String access = http.defaultAccessToken();
        String first = http.jwtFor(access);

        assertThat(http.jwtFor(access)).isEqualTo(first);
        clock.advance(Duration.ofSeconds(1));
        assertThat(http.jwtFor(access)).isNotEqualTo(first);
    }

    @Test
    void apiToken_tokenWithoutTheWriteScope_403WithAnEmptyBody_asDoorkeeper() throws Exception {
        HttpResponse<String> grant = http.postForm("/oauth/token", "grant_type=password&client_id=" + InatTestServer.DEFAULT_APP_ID
                + "&client_secret=" + InatTestServer.DEFAULT_APP_SECRET + "&username=" + DEFAULT_USERNAME
                + "&password=" + InatTestServer.DEFAULT_PASSWORD + "&scope=login");
        assertThat(TestHttp.member(grant, 200, "scope")).isEqualTo("login");

        HttpResponse<String> refused = http.get("/users/api_token", "Authorization",
                "Bearer " + TestHttp.member(grant, 200, "access_token"));

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).isEmpty();
        assertThat(server.jwtCount()).isZero();
    }

    @Test
    void jwtLifetime_set_appliesToLaterJwts() throws Exception {
        server.jwtLifetime(Duration.ofMinutes(10));

        Map<String, String> claims = TestHttp.verifiedClaims(http.jwtFor(http.defaultAccessToken()),
                server.jwtSigningKey());
        assertThat(Long.parseLong(claims.get("exp")) - T0.getEpochSecond()).isEqualTo(600);
    }

    @Test
    void builderJwtLifetime_appliesFromStart() throws Exception {
        try (InatTestServer other = InatTestServer.builder().clock(clock).jwtLifetime(Duration.ofSeconds(90)).start()) {
            TestHttp otherHttp = new TestHttp(other);
            Map<String, String> claims = TestHttp.verifiedClaims(otherHttp.jwtFor(otherHttp.defaultAccessToken()),
                    other.jwtSigningKey());
            assertThat(Long.parseLong(claims.get("exp")) - T0.getEpochSecond()).isEqualTo(90);
        }
    }

    @Test
    void apiToken_unknownToken_401InvalidTokenInTheHeader_asDoorkeeper() throws Exception {
        HttpResponse<String> response = http.get("/users/api_token", "Authorization", "Bearer not-a-token");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEmpty();
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"Doorkeeper\", "
                + "error=\"invalid_token\", error_description=\"The access token is invalid\"");
        assertThat(server.jwtCount()).isZero();
        assertThat(server.requestCount(Endpoint.API_TOKEN)).isEqualTo(1);
    }

    @Test
    void issueApiToken_isTheWebPagesJwt_userIdWithoutApp() throws Exception {
        Map<String, String> claims = TestHttp.verifiedClaims(server.issueApiToken(DEFAULT_USERNAME), server.jwtSigningKey());

        assertThat(claims.get("user_id")).isEqualTo(Long.toString(server.userId(DEFAULT_USERNAME)));
        assertThat(claims).doesNotContainKey("oauth_application_id");
        assertThat(claims.get("exp")).isEqualTo(Long.toString(T0.plus(Duration.ofHours(24)).getEpochSecond()));
        assertThat(server.requestCount(Endpoint.ANY)).isZero();
    }

    @Test
    void apiToken_validJwtAsBearer_renewsItForAFreshLifetime() throws Exception {
        String personal = server.issueApiToken(DEFAULT_USERNAME);
        server.jwtLifetime(Duration.ofMinutes(10));
        clock.advance(Duration.ofHours(23));

        String renewed = http.jwtFor(personal);

        Map<String, String> claims = TestHttp.verifiedClaims(renewed, server.jwtSigningKey());
        assertThat(claims.get("user_id")).isEqualTo(Long.toString(server.userId(DEFAULT_USERNAME)));
        assertThat(claims).doesNotContainKey("oauth_application_id");
        assertThat(claims.get("exp")).isEqualTo(Long.toString(T0.plus(Duration.ofHours(23).plusMinutes(10)).getEpochSecond()));
        assertThat(server.jwtCount()).isEqualTo(1);
        assertThat(server.grantCount()).isZero();
        // a JWT made for an OAuth app renews with its app
        String appJwt = http.jwtFor(http.defaultAccessToken());
        assertThat(TestHttp.verifiedClaims(http.jwtFor(appJwt), server.jwtSigningKey())).containsKey("oauth_application_id");
    }

    @Test
    void apiToken_expiredOrForgedJwt_401() throws Exception {
        String personal = server.issueApiToken(DEFAULT_USERNAME);
        String forged = personal.substring(0, personal.length() - 4) + (personal.endsWith("AAAA") ? "BBBB" : "AAAA");
        assertThat(http.get("/users/api_token", "Authorization", "Bearer " + forged).statusCode()).isEqualTo(401);

        clock.advance(Duration.ofHours(24));
        assertThat(http.get("/users/api_token", "Authorization", "Bearer " + personal).statusCode()).isEqualTo(401);
        assertThat(server.jwtCount()).isZero();
    }

    @Test
    void jwt_notRevocableBeforeExp_byRevokedOAuthTokensOrASuspension_asINaturalistKeepsNoRecordOfIt() throws Exception {
        String personal = server.issueApiToken(DEFAULT_USERNAME);
        String appJwt = http.jwtFor(http.defaultAccessToken());

        server.revokeTokens(DEFAULT_USERNAME);
        server.suspend(DEFAULT_USERNAME, T0.plus(Duration.ofDays(30)));

        assertThat(http.get("/v1/users/me", "Authorization", appJwt).statusCode()).isEqualTo(200);
        assertThat(http.get("/users/api_token", "Authorization", "Bearer " + personal).statusCode()).isEqualTo(200);
        clock.advance(Duration.ofHours(24));
        assertThat(http.get("/v1/users/me", "Authorization", appJwt).statusCode()).isEqualTo(401);
    }

    @Test
    void apiToken_noAuthorization_401() throws Exception {
        assertThat(http.get("/users/api_token").statusCode()).isEqualTo(401);
    }

    @Test
    void usersMe_jwtRawOrBearer_returnsTheUser() throws Exception {
        String jwt = http.jwtFor(http.defaultAccessToken());

        for (String authorization : new String[] {jwt, "Bearer " + jwt}) {
            HttpResponse<String> response = http.get("/v1/users/me", "Authorization", authorization);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("\"results\":[{\"id\":" + server.userId(DEFAULT_USERNAME)
                    + ",\"login\":\"" + DEFAULT_USERNAME + "\"");
        }
        assertThat(server.requestCount(Endpoint.USERS_ME)).isEqualTo(2);
    }

    @Test
    void usersMe_missingOrForgedJwt_401() throws Exception {
        String jwt = http.jwtFor(http.defaultAccessToken());
        String forged = jwt.substring(0, jwt.length() - 4) + (jwt.endsWith("AAAA") ? "BBBB" : "AAAA");

        assertThat(http.get("/v1/users/me").statusCode()).isEqualTo(401);
        assertThat(http.get("/v1/users/me", "Authorization", forged).statusCode()).isEqualTo(401);
        assertThat(http.get("/v1/users/me", "Authorization", "garbage").statusCode()).isEqualTo(401);
    }

    @Test
    void usersMe_accessTokenInsteadOfJwt_401() throws Exception {
        assertThat(http.get("/v1/users/me", "Authorization", "Bearer " + http.defaultAccessToken()).statusCode())
                .isEqualTo(401);
    }

    @Test
    void usersMe_jwtPastExpOnTheServerClock_401() throws Exception {
        String jwt = http.jwtFor(http.defaultAccessToken());

        clock.advance(Duration.ofHours(24).minusSeconds(1));
        assertThat(http.get("/v1/users/me", "Authorization", jwt).statusCode()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(1));
        assertThat(http.get("/v1/users/me", "Authorization", jwt).statusCode()).isEqualTo(401);
    }

    @Test
    void clock_replaced_usedForLaterJwts() throws Exception {
        Instant later = T0.plus(Duration.ofDays(3));
        server.clock(java.time.Clock.fixed(later, java.time.ZoneOffset.UTC));

        Map<String, String> claims = TestHttp.verifiedClaims(http.jwtFor(http.defaultAccessToken()),
                server.jwtSigningKey());
        assertThat(claims.get("exp")).isEqualTo(Long.toString(later.plus(Duration.ofHours(24)).getEpochSecond()));
    }

    @Test
    void revokeTokens_refusesEarlierOAuthTokensOfThatUserOnly_butNotItsJwts() throws Exception {
        server.addUser("other", "other-pw");
        String access = http.defaultAccessToken();
        String jwt = http.jwtFor(access);
        String otherJwt = http.jwtFor(TestHttp.member(http.passwordGrant("other", "other-pw",
                InatTestServer.DEFAULT_APP_ID, InatTestServer.DEFAULT_APP_SECRET), 200, "access_token"));

        server.revokeTokens(DEFAULT_USERNAME);

        HttpResponse<String> refused = http.get("/users/api_token", "Authorization", "Bearer " + access);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                v -> assertThat(v).contains("error_description=\"The access token was revoked\""));
        assertThat(http.get("/v1/users/me", "Authorization", jwt).statusCode()).isEqualTo(200);
        assertThat(http.get("/v1/users/me", "Authorization", otherJwt).statusCode()).isEqualTo(200);
        assertThat(http.jwtFor(TestHttp.member(http.passwordGrant("other", "other-pw",
                InatTestServer.DEFAULT_APP_ID, InatTestServer.DEFAULT_APP_SECRET), 200, "access_token"))).isNotEmpty();
    }

    @Test
    void revokeTokens_thenNewGrant_newTokensAccepted() throws Exception {
        http.jwtFor(http.defaultAccessToken());
        server.revokeTokens(DEFAULT_USERNAME);

        String jwt = http.jwtFor(http.defaultAccessToken());

        assertThat(http.get("/v1/users/me", "Authorization", jwt).statusCode()).isEqualTo(200);
    }

    @Test
    void issueAccessTokenAndJwt_acceptedWithoutCounting() throws Exception {
        String access = server.issueAccessToken(DEFAULT_USERNAME);
        String jwt = server.issueJwt(DEFAULT_USERNAME);

        assertThat(server.grantCount()).isZero();
        assertThat(server.jwtCount()).isZero();
        assertThat(http.get("/v1/users/me", "Authorization", jwt).statusCode()).isEqualTo(200);
        assertThat(http.jwtFor(access)).isNotEmpty();
    }

    @Test
    void revokeTokens_unknownUser_refusedWithHint() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> server.revokeTokens("ghost"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("addUser");
    }

    @Test
    void newGrant_earlierTokensStayGood_asiNaturalistsDoorkeeper() throws Exception {
        String first = http.defaultAccessToken();
        http.defaultAccessToken();

        assertThat(http.jwtFor(first)).isNotEmpty();
    }

    @Test
    void rateLimit_overTheLimitWithinAMinute_429UntilTheWindowMoves() throws Exception {
        server.rateLimit(3);

        for (int i = 0; i < 3; i++) {
            assertThat(http.get("/v1/users/me").statusCode()).isEqualTo(401);
            clock.advance(Duration.ofSeconds(10));
        }
        HttpResponse<String> limited = http.get("/v1/users/me");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("30");
        clock.advance(Duration.ofSeconds(30));
        assertThat(http.get("/v1/users/me").statusCode()).isEqualTo(401);
        assertThat(server.requestCount(Endpoint.USERS_ME)).isEqualTo(5);

        server.rateLimit(0);
        assertThat(http.get("/v1/users/me").statusCode()).isEqualTo(401);
    }
}
