package io.github.inatauth.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.inatauth.testkit.InatTestServer.Endpoint;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(InatTestServerExtension.class)
class FaultTest {
    private final InatTestServer server;
    private final TestHttp http;

    FaultTest(InatTestServer server) {
        this.server = server;
        this.http = new TestHttp(server);
    }

    private HttpResponse<String> grant() throws IOException, InterruptedException {
        return http.passwordGrant(InatTestServer.DEFAULT_USERNAME, InatTestServer.DEFAULT_PASSWORD,
                InatTestServer.DEFAULT_APP_ID, InatTestServer.DEFAULT_APP_SECRET);
    }

    @Test
    void failNext_status_answersOnceThenNormally() throws Exception {
        server.failNext(Endpoint.TOKEN, Fault.status(503));

        HttpResponse<String> faulted = grant();
        assertThat(faulted.statusCode()).isEqualTo(503);
        assertThat(TestHttp.member(faulted, 503, "error")).isEqualTo("Service Unavailable");
        assertThat(grant().statusCode()).isEqualTo(200);
        assertThat(server.requestCount(Endpoint.TOKEN)).isEqualTo(2);
        assertThat(server.grantCount()).isEqualTo(1);
    }

    @Test
    void failNext_severalFaults_servedInOrder() throws Exception {
        server.failNext(Endpoint.TOKEN, Fault.status(500), Fault.status(502), Fault.status(504));

        assertThat(List.of(grant().statusCode(), grant().statusCode(), grant().statusCode(), grant().statusCode()))
                .containsExactly(500, 502, 504, 200);
    }

    @Test
    void failNext_otherEndpoint_untouched() throws Exception {
        server.failNext(Endpoint.API_TOKEN, Fault.status(500));

        String access = TestHttp.member(grant(), 200, "access_token");
        assertThat(http.get("/users/api_token", "Authorization", "Bearer " + access).statusCode()).isEqualTo(500);
        assertThat(http.jwtFor(access)).isNotEmpty();
        assertThat(server.jwtCount()).isEqualTo(1);
    }

    @Test
    void failNext_any_hitsWhicheverRequestComesNext() throws Exception {
        server.failNext(Endpoint.ANY, Fault.status(500));

        assertThat(http.get("/v1/users/me").statusCode()).isEqualTo(500);
        assertThat(grant().statusCode()).isEqualTo(200);
    }

    @Test
    void status_customContentTypeAndBody_sentAsGiven() throws Exception {
        server.failNext(Endpoint.TOKEN, Fault.status(418, "text/plain", "short and stout"));

        HttpResponse<String> response = grant();
        assertThat(response.statusCode()).isEqualTo(418);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain");
        assertThat(response.body()).isEqualTo("short and stout");
    }

    @Test
    void tooManyRequests_sends429WithRetryAfterInWholeSecondsRoundedUp() throws Exception {
        server.failNext(Endpoint.TOKEN, Fault.tooManyRequests(Duration.ofMillis(1500)));

        HttpResponse<String> response = grant();
        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("2");
    }

    @Test
    void nonJson_200WithHtml() throws Exception {
        server.failNext(Endpoint.TOKEN, Fault.nonJson());

        HttpResponse<String> response = grant();
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("text/html"));
        assertThat(response.body()).startsWith("<!DOCTYPE html>");
        assertThat(server.grantCount()).isZero();
    }

    @Test
    void dropConnection_clientSeesIoExceptionWithoutResponse() {
        server.failNext(Endpoint.TOKEN, Fault.dropConnection());

        assertThatThrownBy(this::grant).isInstanceOf(IOException.class);
        assertThat(server.requestCount(Endpoint.TOKEN)).isEqualTo(1);
        assertThat(server.grantCount()).isZero();
    }

    @Test
    void dropConnection_thenRetry_succeeds() throws Exception {
        server.failNext(Endpoint.TOKEN, Fault.dropConnection());

        assertThatThrownBy(this::grant).isInstanceOf(IOException.class);
        assertThat(grant().statusCode()).isEqualTo(200);
    }

    @Test
    void oversizedBody_exactSizeValidJson() throws Exception {
        server.failNext(Endpoint.TOKEN, Fault.oversizedBody(100_000));

        HttpResponse<String> response = grant();
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).hasSize(100_000);
        assertThat(Json.parseFlatObject(response.body())).containsOnlyKeys("padding");
    }

    @Test
    void oversizedBody_tooSmall_refused() {
        assertThatThrownBy(() -> Fault.oversizedBody(3)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void delay_answersNormallyAfterTheDelay() throws Exception {
        server.failNext(Endpoint.TOKEN, Fault.delay(Duration.ofSeconds(5)));

        HttpRequest quick = HttpRequest.newBuilder(http.uri("/oauth/token")).timeout(Duration.ofMillis(300))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
        assertThatThrownBy(() -> TestHttp.CLIENT.send(quick, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);
        server.failNext(Endpoint.TOKEN, Fault.delay(Duration.ofMillis(10)));
        assertThat(grant().statusCode()).isEqualTo(200);
    }

    @Test
    void failAlways_untilClearFaults() throws Exception {
        server.failAlways(Endpoint.TOKEN, Fault.status(500));

        assertThat(grant().statusCode()).isEqualTo(500);
        assertThat(grant().statusCode()).isEqualTo(500);
        server.clearFaults();
        assertThat(grant().statusCode()).isEqualTo(200);
    }

    @Test
    void failAlways_queuedFaultsComeFirst() throws Exception {
        server.failAlways(Endpoint.TOKEN, Fault.status(500));
        server.failNext(Endpoint.TOKEN, Fault.status(429));

        assertThat(grant().statusCode()).isEqualTo(429);
        assertThat(grant().statusCode()).isEqualTo(500);
    }

    @Test
    void delayAll_everyRequestDelayedUntilCleared() throws Exception {
        server.delayAll(Endpoint.USERS_ME, Duration.ofSeconds(5));
        HttpRequest quick = HttpRequest.newBuilder(http.uri("/v1/users/me")).timeout(Duration.ofMillis(300)).build();

        assertThatThrownBy(() -> TestHttp.CLIENT.send(quick, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);
        assertThat(grant().statusCode()).isEqualTo(200);
        server.clearFaults();
        assertThat(TestHttp.CLIENT.send(quick, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
    }

    @Test
    void reset_restoresConsentClockLifetimeAndSwitches() throws Exception {
        MutableClock built = MutableClock.at(java.time.Instant.parse("2030-01-01T00:00:00Z"));
        try (InatTestServer other = InatTestServer.builder().clock(built).start()) {
            other.refuseConsent().rateLimit(1)
                    .clock(java.time.Clock.fixed(java.time.Instant.EPOCH, java.time.ZoneOffset.UTC))
                    .jwtLifetime(Duration.ofSeconds(5));

            other.reset();

            TestHttp otherHttp = new TestHttp(other);
            String first = otherHttp.defaultAccessToken();
            otherHttp.defaultAccessToken();
            java.util.Map<String, String> claims = TestHttp.verifiedClaims(otherHttp.jwtFor(first),
                    other.jwtSigningKey());
            assertThat(Long.parseLong(claims.get("exp"))).isEqualTo(built.instant().getEpochSecond() + 86_400);
            assertThat(otherHttp.get("/oauth/authorize?response_type=code&client_id=" + InatTestServer.DEFAULT_APP_ID
                    + "&redirect_uri=http://127.0.0.1:9").headers().firstValue("Location"))
                    .hasValueSatisfying(v -> assertThat(v).contains("code="));
        }
    }

    @Test
    void reset_clearsFaultsCountsAndCaptures() throws Exception {
        grant();
        server.failAlways(Endpoint.TOKEN, Fault.status(500));
        server.failNext(Endpoint.ANY, Fault.status(500));

        server.reset();

        assertThat(server.grantCount()).isZero();
        assertThat(server.requestCount(Endpoint.ANY)).isZero();
        assertThat(server.requests()).isEmpty();
        assertThat(grant().statusCode()).isEqualTo(200);
    }

    @Test
    void concurrency_200ClientsAtOnceWithLatency_allAnswered() throws Exception {
        server.delayAll(Endpoint.TOKEN, Duration.ofMillis(200));
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(http.uri("/oauth/token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.object().put("grant_type", "password")
                        .put("client_id", InatTestServer.DEFAULT_APP_ID)
                        .put("client_secret", InatTestServer.DEFAULT_APP_SECRET)
                        .put("username", InatTestServer.DEFAULT_USERNAME)
                        .put("password", InatTestServer.DEFAULT_PASSWORD).build())).build();

        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            calls.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        }

        assertThat(calls).allSatisfy(call -> assertThat(call.get().statusCode()).isEqualTo(200));
        assertThat(server.grantCount()).isEqualTo(200);
        assertThat(server.requests(Endpoint.TOKEN)).hasSize(200);
    }

    @Test
    void withHeader_addsResponseHeader() throws Exception {
        server.failNext(Endpoint.TOKEN, Fault.status(503).withHeader("Retry-After", "Wed, 21 Oct 2026 07:28:00 GMT"),
                Fault.tooManyRequests(Duration.ofSeconds(3)).withHeader("X-RateLimit-Remaining", "0"));

        assertThat(grant().headers().firstValue("Retry-After")).hasValue("Wed, 21 Oct 2026 07:28:00 GMT");
        HttpResponse<String> limited = grant();
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("3");
        assertThat(limited.headers().firstValue("X-RateLimit-Remaining")).hasValue("0");
    }

    @Test
    void withHeader_onDropConnection_refused() {
        assertThatThrownBy(() -> Fault.dropConnection().withHeader("A", "b")).isInstanceOf(IllegalStateException.class);
    }
}
