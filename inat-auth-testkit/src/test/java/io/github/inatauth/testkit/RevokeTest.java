package io.github.inatauth.testkit;

import static io.github.inatauth.testkit.InatTestServer.DEFAULT_APP_ID;
import static io.github.inatauth.testkit.InatTestServer.DEFAULT_APP_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.inatauth.testkit.InatTestServer.Endpoint;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code POST /oauth/revoke} as Doorkeeper 5.5 answers it (what conformance/server.rb showed). */
@ExtendWith(InatTestServerExtension.class)
class RevokeTest {
    private static final String CLIENT = "&client_id=" + DEFAULT_APP_ID + "&client_secret=" + DEFAULT_APP_SECRET;

    private final InatTestServer server;
    private final TestHttp http;

    RevokeTest(InatTestServer server) {
        this.server = server;
        this.http = new TestHttp(server);
    }

    @Test
    void revoke_ownToken_200EmptyObject_thenTheTokenIsRefused_andOtherTokensStayGood() throws Exception {
        String revoked = http.defaultAccessToken();
        String kept = http.defaultAccessToken();
        String jwt = http.jwtFor(revoked);

        HttpResponse<String> response = http.postForm("/oauth/revoke", "token=" + revoked + CLIENT);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{}");
        assertThat(http.get("/users/api_token", "Authorization", "Bearer " + revoked).statusCode()).isEqualTo(401);
        assertThat(http.jwtFor(kept)).isNotEmpty();
        // a JWT made from it stays good until its exp
        assertThat(http.get("/v1/users/me", "Authorization", jwt).statusCode()).isEqualTo(200);
        assertThat(server.requestCount(Endpoint.REVOKE)).isEqualTo(1);
    }

    @Test
    void revoke_unknownRevokedOrNoToken_200_asRfc7009() throws Exception {
        String token = http.defaultAccessToken();
        http.postForm("/oauth/revoke", "token=" + token + CLIENT);

        assertThat(http.postForm("/oauth/revoke", "token=" + token + CLIENT).statusCode()).isEqualTo(200);
        assertThat(http.postForm("/oauth/revoke", "token=never-issued" + CLIENT).statusCode()).isEqualTo(200);
        assertThat(http.postForm("/oauth/revoke", CLIENT.substring(1)).statusCode()).isEqualTo(200);
    }

    @Test
    void revoke_clientInBasicAuthorization_accepted() throws Exception {
        String token = http.defaultAccessToken();
        String basic = Base64.getEncoder().encodeToString((DEFAULT_APP_ID + ":" + DEFAULT_APP_SECRET)
                .getBytes(StandardCharsets.UTF_8));

        HttpResponse<String> response = TestHttp.CLIENT.send(java.net.http.HttpRequest.newBuilder(http.uri("/oauth/revoke"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Authorization", "Basic " + basic)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("token=" + token)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(http.get("/users/api_token", "Authorization", "Bearer " + token).statusCode()).isEqualTo(401);
    }

    @Test
    void revoke_withoutOrWithABadClient_403UnauthorizedClient_andTheTokenStaysGood() throws Exception {
        String token = http.defaultAccessToken();

        for (String client : new String[] {"", "&client_id=" + DEFAULT_APP_ID, "&client_id=" + DEFAULT_APP_ID
                + "&client_secret=wrong", "&client_id=nope&client_secret=" + DEFAULT_APP_SECRET}) {
            HttpResponse<String> response = http.postForm("/oauth/revoke", "token=" + token + client);
            assertThat(TestHttp.member(response, 403, "error")).as(client).isEqualTo("unauthorized_client");
        }
        assertThat(http.jwtFor(token)).isNotEmpty();
    }

    @Test
    void revoke_anotherAppsToken_403_andTheTokenStaysGood() throws Exception {
        server.addApp("other-app", "other-secret");
        String token = http.defaultAccessToken();

        HttpResponse<String> response = http.postForm("/oauth/revoke", "token=" + token
                + "&client_id=other-app&client_secret=other-secret");

        assertThat(TestHttp.member(response, 403, "error")).isEqualTo("unauthorized_client");
        assertThat(http.jwtFor(token)).isNotEmpty();
        assertThat(http.get("/oauth/revoke").statusCode()).isEqualTo(405);
    }
}
