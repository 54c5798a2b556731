package io.github.inatauth.testkit;

import static io.github.inatauth.testkit.InatTestServer.DEFAULT_APP_ID;
import static io.github.inatauth.testkit.InatTestServer.DEFAULT_APP_SECRET;
import static io.github.inatauth.testkit.InatTestServer.DEFAULT_PASSWORD;
import static io.github.inatauth.testkit.InatTestServer.DEFAULT_USERNAME;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.inatauth.Credentials;
import io.github.inatauth.testkit.InatTestServer.Endpoint;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(InatTestServerExtension.class)
class TokenEndpointTest {
    private final InatTestServer server;
    private final TestHttp http;

    TokenEndpointTest(InatTestServer server) {
        this.server = server;
        this.http = new TestHttp(server);
    }

    @Test
    void start_ephemeralPort_urlsOnLoopbackWithoutTrailingSlash() {
        assertThat(server.baseUrl().toString()).matches("http://127\\.0\\.0\\.1:[0-9]+");
        assertThat(server.apiUrl().toString()).isEqualTo(server.baseUrl() + "/v1");
        assertThat(server.port()).isPositive();
    }

    @Test
    void defaultCredentials_areCompleteAndMatchTheConstants() {
        Credentials credentials = server.defaultCredentials();

        assertThat(credentials.isComplete()).isTrue();
        assertThat(credentials.username()).isEqualTo(DEFAULT_USERNAME);
        assertThat(credentials.appId()).isEqualTo(DEFAULT_APP_ID);
        assertThat(credentials.password().reveal()).isEqualTo(DEFAULT_PASSWORD);
        assertThat(credentials.appSecret().reveal()).isEqualTo(DEFAULT_APP_SECRET);
    }

    @Test
    void passwordGrant_jsonBody_returnsBearerTokenAsInaturalistDoes() throws Exception {
        HttpResponse<String> response = http.passwordGrant(DEFAULT_USERNAME, DEFAULT_PASSWORD, DEFAULT_APP_ID,
                DEFAULT_APP_SECRET);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/json"));
        Map<String, String> body = Json.parseFlatObject(response.body());
        assertThat(body).containsOnlyKeys("access_token", "token_type", "scope", "created_at")
                .containsEntry("token_type", "Bearer").containsEntry("scope", "write login");
        // Doorkeeper's SecureRandom.urlsafe_base64(32): 43 base64url characters
        assertThat(body.get("access_token")).matches("[A-Za-z0-9_-]{43}");
        assertThat(Long.parseLong(body.get("created_at"))).isPositive();
        assertThat(server.grantCount()).isEqualTo(1);
        assertThat(server.requestCount(Endpoint.TOKEN)).isEqualTo(1);
        assertThat(server.requestCount(Endpoint.ANY)).isEqualTo(1);
    }

    @Test
    void passwordGrant_formBody_returnsToken() throws Exception {
        HttpResponse<String> response = http.postForm("/oauth/token", "grant_type=password&client_id=inat-test-app"
                + "&client_secret=inat-test-app-secret&username=inat-test-user&password=inat-test-password");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(server.requests()).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.path()).isEqualTo("/oauth/token");
            assertThat(r.param("grant_type")).isEqualTo("password");
            assertThat(r.param("password")).isEqualTo(DEFAULT_PASSWORD);
            assertThat(r.header("content-type")).isEqualTo("application/x-www-form-urlencoded");
        });
    }

    @Test
    void passwordGrant_clientInBasicAuthorization_returnsToken() throws Exception {
        String basic = Base64.getEncoder().encodeToString(
                (DEFAULT_APP_ID + ":" + DEFAULT_APP_SECRET).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = TestHttp.CLIENT.send(java.net.http.HttpRequest.newBuilder(
                        http.uri("/oauth/token")).header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "grant_type=password&username=inat-test-user&password=inat-test-password")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void passwordGrant_eachGrant_givesANewToken() throws Exception {
        assertThat(http.defaultAccessToken()).isNotEqualTo(http.defaultAccessToken());
        assertThat(server.grantCount()).isEqualTo(2);
    }

    @Test
    void passwordGrant_wrongAppSecret_401InvalidClientWithDoorkeeperText() throws Exception {
        HttpResponse<String> response = http.passwordGrant(DEFAULT_USERNAME, DEFAULT_PASSWORD, DEFAULT_APP_ID, "nope");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(Json.parseFlatObject(response.body())).containsExactlyInAnyOrderEntriesOf(Map.of(
                "error", "invalid_client", "error_description", AuthEndpoints.INVALID_CLIENT));
        assertThat(server.grantCount()).isZero();
        assertThat(server.requestCount(Endpoint.TOKEN)).isEqualTo(1);
    }

    @Test
    void passwordGrant_unknownApp_401InvalidClient() throws Exception {
        assertThat(http.passwordGrant(DEFAULT_USERNAME, DEFAULT_PASSWORD, "other-app", DEFAULT_APP_SECRET).statusCode())
                .isEqualTo(401);
    }

    @Test
    void passwordGrant_wrongPassword_400InvalidGrantWithDoorkeeperText() throws Exception {
        HttpResponse<String> response = http.passwordGrant(DEFAULT_USERNAME, "wrong", DEFAULT_APP_ID,
                DEFAULT_APP_SECRET);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Json.parseFlatObject(response.body()))
                .containsEntry("error", "invalid_grant")
                .containsEntry("error_description", "The provided authorization grant is invalid, expired, revoked,"
                        + " does not match the redirection URI used in the authorization request, or was issued"
                        + " to another client.");
    }

    @Test
    void passwordGrant_loginOrEmailInAnyCase_accepted_asINaturalistsFindForAuthentication() throws Exception {
        server.addUser("Carol_N", "Carol@Example.org", "carol-pw");

        for (String username : new String[] {"carol_n", "CAROL_N", "carol@example.org", "CAROL@EXAMPLE.ORG",
                InatTestServer.DEFAULT_EMAIL.toUpperCase(java.util.Locale.ROOT)}) {
            String password = username.contains("CAROL") || username.contains("carol") ? "carol-pw" : DEFAULT_PASSWORD;
            assertThat(http.passwordGrant(username, password, DEFAULT_APP_ID, DEFAULT_APP_SECRET).statusCode())
                    .as(username).isEqualTo(200);
        }
        assertThat(http.passwordGrant("carol", "carol-pw", DEFAULT_APP_ID, DEFAULT_APP_SECRET).statusCode()).isEqualTo(400);
        assertThat(http.passwordGrant("carol@example.org", DEFAULT_PASSWORD, DEFAULT_APP_ID, DEFAULT_APP_SECRET)
                .statusCode()).isEqualTo(400);
    }

    @Test
    void passwordGrant_suspendedUser_400InvalidGrantWithINaturalistsTextAndTheEnd_andTokensRevoked() throws Exception {
        // a user of its own: users outlive a test on this shared server
        server.addUser("suspended-sam", "sam-pw");
        Instant until = Instant.parse("2031-01-02T03:04:05.678Z");
        String before = TestHttp.member(http.passwordGrant("suspended-sam", "sam-pw", DEFAULT_APP_ID, DEFAULT_APP_SECRET),
                200, "access_token");

        server.suspend("suspended-sam", until);

        HttpResponse<String> refused = http.passwordGrant("suspended-sam", "sam-pw", DEFAULT_APP_ID, DEFAULT_APP_SECRET);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(Json.parseFlatObject(refused.body())).containsExactlyInAnyOrderEntriesOf(Map.of(
                "error", "invalid_grant", "error_description", "This user has been suspended"));
        assertThat(http.get("/users/api_token", "Authorization", "Bearer " + before).statusCode()).isEqualTo(401);
        // a wrong password is still the plain refusal, without the suspension
        assertThat(Json.parseFlatObject(http.passwordGrant("suspended-sam", "wrong", DEFAULT_APP_ID,
                DEFAULT_APP_SECRET).body())).doesNotContainKey("suspended_until");
        assertThat(server.grantCount()).isEqualTo(1);

        server.suspend("suspended-sam", null);
        assertThat(http.passwordGrant("suspended-sam", "sam-pw", DEFAULT_APP_ID, DEFAULT_APP_SECRET).statusCode())
                .isEqualTo(200);
    }

    @Test
    void passwordGrant_suspensionOver_onTheServersClock_accepted() throws Exception {
        server.addUser("suspended-sue", "sue-pw");
        MutableClock clock = MutableClock.at(Instant.parse("2030-06-01T00:00:00Z"));
        server.clock(clock);
        server.suspend("suspended-sue", clock.instant().plus(java.time.Duration.ofDays(1)));
        assertThat(http.passwordGrant("suspended-sue", "sue-pw", DEFAULT_APP_ID, DEFAULT_APP_SECRET).statusCode())
                .isEqualTo(400);

        clock.advance(java.time.Duration.ofDays(1));

        assertThat(http.passwordGrant("suspended-sue", "sue-pw", DEFAULT_APP_ID, DEFAULT_APP_SECRET).statusCode())
                .isEqualTo(200);
    }

    @Test
    void passwordGrant_scopes_subsetOfWriteLoginGranted_othersInvalidScope() throws Exception {
        String base = "grant_type=password&client_id=inat-test-app&client_secret=inat-test-app-secret"
                + "&username=inat-test-user&password=inat-test-password&scope=";
        assertThat(TestHttp.member(http.postForm("/oauth/token", base + "login"), 200, "scope")).isEqualTo("login");
        assertThat(TestHttp.member(http.postForm("/oauth/token", base + "login+write"), 200, "scope"))
                .isEqualTo("write login");
        assertThat(TestHttp.member(http.postForm("/oauth/token", base + "admin"), 400, "error")).isEqualTo("invalid_scope");
    }

    @Test
    void passwordGrant_unknownUserOrMissingPassword_400InvalidGrant() throws Exception {
        assertThat(http.passwordGrant("nobody", DEFAULT_PASSWORD, DEFAULT_APP_ID, DEFAULT_APP_SECRET).statusCode())
                .isEqualTo(400);
        HttpResponse<String> noPassword = http.postForm("/oauth/token", "grant_type=password"
                + "&client_id=inat-test-app&client_secret=inat-test-app-secret&username=inat-test-user");
        assertThat(TestHttp.member(noPassword, 400, "error")).isEqualTo("invalid_grant");
    }

    @Test
    void passwordGrant_addedUserAndApp_accepted() throws Exception {
        server.addUser("alice", "alice-pw").addApp("app-2", "secret-2");

        assertThat(http.passwordGrant("alice", "alice-pw", "app-2", "secret-2").statusCode()).isEqualTo(200);
        assertThat(server.userId("alice")).isNotEqualTo(server.userId(DEFAULT_USERNAME));
    }

    @Test
    void builder_initialUsersAndApps_accepted() throws Exception {
        try (InatTestServer other = InatTestServer.builder().user("bob", "bob-pw").app("bob-app", "bob-secret")
                .start()) {
            TestHttp otherHttp = new TestHttp(other);
            assertThat(otherHttp.passwordGrant("bob", "bob-pw", "bob-app", "bob-secret").statusCode()).isEqualTo(200);
            assertThat(otherHttp.defaultAccessToken()).isNotEmpty();
        }
    }

    @Test
    void addUser_existingUser_changesPassword() throws Exception {
        server.addUser("carol", "old");
        long id = server.userId("carol");
        server.addUser("carol", "new");

        assertThat(http.passwordGrant("carol", "old", DEFAULT_APP_ID, DEFAULT_APP_SECRET).statusCode()).isEqualTo(400);
        assertThat(http.passwordGrant("carol", "new", DEFAULT_APP_ID, DEFAULT_APP_SECRET).statusCode()).isEqualTo(200);
        assertThat(server.userId("carol")).isEqualTo(id);
    }

    @Test
    void token_unsupportedGrantType_400() throws Exception {
        HttpResponse<String> response = http.postForm("/oauth/token", "grant_type=client_credentials"
                + "&client_id=inat-test-app&client_secret=inat-test-app-secret");

        assertThat(TestHttp.member(response, 400, "error")).isEqualTo("unsupported_grant_type");
    }

    @Test
    void token_missingGrantType_400InvalidRequest() throws Exception {
        assertThat(TestHttp.member(http.postJson("/oauth/token", "{}"), 400, "error")).isEqualTo("invalid_request");
    }

    @Test
    void token_malformedJson_400InvalidRequestAndStillRecorded() throws Exception {
        HttpResponse<String> response = http.postJson("/oauth/token", "{\"grant_type\": ");

        assertThat(TestHttp.member(response, 400, "error")).isEqualTo("invalid_request");
        assertThat(server.requests()).singleElement().satisfies(r -> assertThat(r.body()).startsWith("{"));
    }

    @Test
    void token_get_405WithAllow() throws Exception {
        HttpResponse<String> response = http.get("/oauth/token");

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue("POST");
    }

    @Test
    void unknownPath_404() throws Exception {
        assertThat(http.get("/nothing/here").statusCode()).isEqualTo(404);
        assertThat(server.requestCount(Endpoint.ANY)).isEqualTo(1);
    }

    @Test
    void recordedRequest_toString_masksSecrets() throws Exception {
        http.passwordGrant(DEFAULT_USERNAME, "sentinel-password-123", DEFAULT_APP_ID, "sentinel-secret-456");

        assertThat(server.requests()).singleElement().satisfies(r -> assertThat(r.toString())
                .contains("grant_type=password", "username=" + DEFAULT_USERNAME)
                .doesNotContain("sentinel-password-123", "sentinel-secret-456"));
    }

    @Test
    void requests_queryParameters_parsed() throws Exception {
        http.get("/oauth/authorize?client_id=x&state=a%20b");

        assertThat(server.requests(Endpoint.AUTHORIZE)).singleElement()
                .satisfies(r -> assertThat(r.params()).containsEntry("client_id", "x").containsEntry("state", "a b"));
        assertThat(server.requests(Endpoint.TOKEN)).isEmpty();
    }
}
