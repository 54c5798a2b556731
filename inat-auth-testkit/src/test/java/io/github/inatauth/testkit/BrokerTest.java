package io.github.inatauth.testkit;

import static io.github.inatauth.testkit.InatTestServer.DEFAULT_USERNAME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.inatauth.testkit.InatTestServer.Endpoint;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(InatTestServerExtension.class)
class BrokerTest {
    private static final String VAULT_SECRET = "{\"data\":{\"data\":{\"username\":\"u\",\"password\":\"p\"},"
            + "\"metadata\":{\"version\":3}}}";

    private final InatTestServer server;
    private final TestHttp http;

    BrokerTest(InatTestServer server) {
        this.server = server;
        this.http = new TestHttp(server);
    }

    @Test
    void serveJson_get_answersTheBodyAsGiven() throws Exception {
        server.serveJson("/v1/secret/data/inat", VAULT_SECRET);

        HttpResponse<String> response = http.get("/v1/secret/data/inat");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(VAULT_SECRET);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/json"));
        assertThat(server.requestCount(Endpoint.BROKER)).isEqualTo(1);
    }

    @Test
    void requireAuthorization_withoutOrWrongHeader_401_withRightHeader_200() throws Exception {
        server.serveJson("/guarded", "{\"app_id\":\"a\"}").requireAuthorization("/guarded", "Bearer vault-token");

        assertThat(http.get("/guarded").statusCode()).isEqualTo(401);
        assertThat(http.get("/guarded", "Authorization", "Bearer other").statusCode()).isEqualTo(401);
        assertThat(http.get("/guarded", "Authorization", "Bearer vault-token").statusCode()).isEqualTo(200);
        assertThat(server.requests(Endpoint.BROKER)).hasSize(3);
    }

    @Test
    void cacheControl_sentWithTheBody() throws Exception {
        server.serveJson("/cached", "{}").cacheControl("/cached", "max-age=60");

        assertThat(http.get("/cached").headers().firstValue("Cache-Control")).hasValue("max-age=60");
    }

    @Test
    void serveJson_post_405() throws Exception {
        server.serveJson("/readonly", "{}");

        assertThat(http.postJson("/readonly", "{}").statusCode()).isEqualTo(405);
    }

    @Test
    void serveJson_onAnInaturalistEndpoint_refused() {
        assertThatThrownBy(() -> server.serveJson("/oauth/token", "{}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> server.serveJson("relative", "{}")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void brokerFor_givesTokensThatTheServerAccepts_withoutGrantsOrJwtRequests() throws Exception {
        server.brokerFor("/broker/inat", DEFAULT_USERNAME);

        HttpResponse<String> response = http.get("/broker/inat");

        Map<String, String> body = Json.parseFlatObject(response.body());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(body).containsOnlyKeys("api_token", "access_token", "expires_at");
        Map<String, String> claims = TestHttp.verifiedClaims(body.get("api_token"), server.jwtSigningKey());
        assertThat(body.get("expires_at")).isEqualTo(claims.get("exp"));
        assertThat(http.get("/v1/users/me", "Authorization", body.get("api_token")).statusCode()).isEqualTo(200);
        assertThat(http.get("/users/api_token", "Authorization", "Bearer " + body.get("access_token")).statusCode())
                .isEqualTo(200);
        assertThat(server.requestCount(Endpoint.BROKER)).isEqualTo(1);
        assertThat(server.grantCount()).isZero();
        assertThat(server.requestCount(Endpoint.TOKEN)).isZero();
    }

    @Test
    void brokerFor_eachGet_freshJwtSameAccessToken() throws Exception {
        MutableClock clock = MutableClock.at(java.time.Instant.parse("2030-01-01T00:00:00Z"));
        server.clock(clock); // reset() puts the builder's clock back
        server.brokerFor("/broker/again", DEFAULT_USERNAME);

        Map<String, String> first = Json.parseFlatObject(http.get("/broker/again").body());
        clock.advance(java.time.Duration.ofMinutes(1));
        Map<String, String> second = Json.parseFlatObject(http.get("/broker/again").body());

        assertThat(Long.parseLong(second.get("expires_at")) - Long.parseLong(first.get("expires_at"))).isEqualTo(60);
        assertThat(second.get("api_token")).isNotEqualTo(first.get("api_token"));
        assertThat(second.get("access_token")).isEqualTo(first.get("access_token"));
    }

    @Test
    void brokerFor_afterRevocation_issuesTokensThatWorkAgain() throws Exception {
        server.brokerFor("/broker/revoked", DEFAULT_USERNAME);
        String before = Json.parseFlatObject(http.get("/broker/revoked").body()).get("access_token");

        server.revokeTokens(DEFAULT_USERNAME);
        Map<String, String> after = Json.parseFlatObject(http.get("/broker/revoked").body());

        assertThat(after.get("access_token")).isNotEqualTo(before);
        assertThat(http.get("/v1/users/me", "Authorization", after.get("api_token")).statusCode()).isEqualTo(200);
    }

    @Test
    void brokerFor_guardedAndFaulted_likeAnyBrokerPath() throws Exception {
        server.brokerFor("/broker/guarded", DEFAULT_USERNAME).requireAuthorization("/broker/guarded", "token t");
        server.failNext(Endpoint.BROKER, Fault.status(500));

        assertThat(http.get("/broker/guarded", "Authorization", "token t").statusCode()).isEqualTo(500);
        assertThat(http.get("/broker/guarded").statusCode()).isEqualTo(401);
        assertThat(http.get("/broker/guarded", "Authorization", "token t").statusCode()).isEqualTo(200);
    }

    @Test
    void serveApi_anyMethodWithGoodJwt_200_elseUnauthorized() throws Exception {
        server.serveApi("/v1/observations", "{\"total_results\":0,\"results\":[]}");
        String jwt = server.issueJwt(DEFAULT_USERNAME);

        assertThat(http.get("/v1/observations", "Authorization", "Bearer " + jwt).body()).contains("total_results");
        assertThat(http.post("/v1/observations", "application/json", "{}").statusCode()).isEqualTo(401);
        assertThat(TestHttp.CLIENT.send(java.net.http.HttpRequest.newBuilder(http.uri("/v1/observations"))
                .header("Authorization", jwt).POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        String forged = jwt.substring(0, jwt.length() - 4) + (jwt.endsWith("AAAA") ? "BBBB" : "AAAA");
        assertThat(http.get("/v1/observations", "Authorization", "Bearer " + forged).statusCode()).isEqualTo(401);
        assertThat(server.requestCount(Endpoint.API)).isEqualTo(4);
        assertThat(server.requests(Endpoint.API)).hasSize(4);
    }

    @Test
    void serveApiWithOptionalAuth_badOrNoJwt_200AsAnonymous_asINaturalistsApi() throws Exception {
        server.serveApiWithOptionalAuth("/v1/observations/public", "{\"total_results\":7}");
        String jwt = server.issueJwt(DEFAULT_USERNAME);
        String forged = jwt.substring(0, jwt.length() - 4) + (jwt.endsWith("AAAA") ? "BBBB" : "AAAA");

        for (String authorization : new String[] {"Bearer " + jwt, "Bearer " + forged, "garbage"}) {
            HttpResponse<String> response = http.get("/v1/observations/public", "Authorization", authorization);
            assertThat(response.statusCode()).as(authorization).isEqualTo(200);
            assertThat(response.body()).isEqualTo("{\"total_results\":7}");
        }
        assertThat(http.get("/v1/observations/public").statusCode()).isEqualTo(200);
        assertThat(server.requests(Endpoint.API)).hasSize(4);
    }

    @Test
    void serveApi_onABrokerPath_refused() {
        server.serveJson("/taken", "{}");

        assertThatThrownBy(() -> server.serveApi("/taken", "{}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> server.serveApi("/v1/users/me", "{}")).isInstanceOf(IllegalArgumentException.class);
    }
}
