package io.github.inatauth.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.inatauth.testkit.InatTestServer.Endpoint;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TokenEndpointTest {
    private static InatTestServer server;
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        server = InatTestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void reset() {
        server.reset();
    }

    private static HttpResponse<String> postJson(String json) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/oauth/token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> postForm(String form) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/oauth/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String passwordGrantJson(String username, String password, String appId, String appSecret) {
        return Json.object().put("grant_type", "password").put("client_id", appId).put("client_secret", appSecret)
                .put("username", username).put("password", password).build();
    }

    @Test
    void passwordGrant_jsonBodyWithDefaultCredentials_returnsBearerToken() throws Exception {
        HttpResponse<String> response = postJson(passwordGrantJson(InatTestServer.DEFAULT_USERNAME,
                InatTestServer.DEFAULT_PASSWORD, InatTestServer.DEFAULT_APP_ID, InatTestServer.DEFAULT_APP_SECRET));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/json"));
        Map<String, String> body = Json.parseFlatObject(response.body());
        assertThat(body).containsKeys("access_token", "created_at")
                .containsEntry("token_type", "Bearer").containsEntry("scope", "write login");
        assertThat(server.grantCount()).isEqualTo(1);
        assertThat(server.requestCount(Endpoint.TOKEN)).isEqualTo(1);
    }

    @Test
    void passwordGrant_formBody_returnsToken() throws Exception {
        HttpResponse<String> response = postForm("grant_type=password&client_id=inat-test-app"
                + "&client_secret=inat-test-app-secret&username=inat-test-user&password=inat-test-password");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(server.requests()).singleElement().satisfies(r -> {
            assertThat(r.param("grant_type")).isEqualTo("password");
            assertThat(r.toString()).doesNotContain("inat-test-password", "inat-test-app-secret");
        });
    }
}
