package io.github.inatauth.http;

import static io.github.inatauth.http.TestSupport.auth;
import static io.github.inatauth.http.TestSupport.envWithDefaults;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.inatauth.AuthorizedRequests;
import io.github.inatauth.InatAuth;
import io.github.inatauth.testkit.Fault;
import io.github.inatauth.testkit.InatTestServer;
import io.github.inatauth.testkit.InatTestServer.Endpoint;
import io.github.inatauth.testkit.InatTestServerExtension;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Issue 9: the token in the caller's own requests, with one refresh and one retry on 401. */
class AuthorizedRequestsTest {

    @RegisterExtension
    final InatTestServerExtension kit = new InatTestServerExtension();

    private final HttpClient client = HttpClient.newHttpClient();
    private final ExecutorService pool = Executors.newFixedThreadPool(20);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    /**
     * What makes the API refuse the JWT held and {@code /users/api_token} the OAuth token: iNaturalist
     * refuses a JWT only past its exp (the server's clock moves a day on), an OAuth token once revoked.
     */
    private void expireTheJwtAndRevokeTheOAuthToken() {
        server().revokeTokens(InatTestServer.DEFAULT_USERNAME);
        server().clock(java.time.Clock.offset(java.time.Clock.systemUTC(), java.time.Duration.ofHours(25)));
    }

    private InatTestServer server() {
        return kit.server();
    }

    private HttpRequest usersMe() {
        return HttpRequest.newBuilder(URI.create(server().apiUrl() + "/users/me")).build();
    }

    @Test
    void authorize_setsBearerJwt() throws Exception {
        try (InatAuth auth = auth(server(), envWithDefaults(server())).build()) {
            HttpRequest request = AuthorizedRequests.of(auth).authorize(HttpRequest.newBuilder(usersMe().uri())).build();
            assertThat(request.headers().firstValue("Authorization")).contains("Bearer " + auth.accessToken());
            assertThat(client.send(request, BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void send_revokedToken_refreshedOnceAndRequestSucceeds() throws Exception {
        try (InatAuth auth = auth(server(), envWithDefaults(server())).build()) {
            String before = auth.accessToken();
            expireTheJwtAndRevokeTheOAuthToken();
            HttpResponse<String> response = AuthorizedRequests.of(auth).send(client, usersMe(), BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains(InatTestServer.DEFAULT_USERNAME);
            assertThat(auth.accessToken()).isNotEqualTo(before);
        }
        assertThat(server().requestCount(Endpoint.USERS_ME)).isEqualTo(2);
        assertThat(server().grantCount()).isEqualTo(2); // the revoked OAuth token was replaced once
    }

    @Test
    void sendAsync_revokedToken_refreshedOnceAndRequestSucceeds() throws Exception {
        try (InatAuth auth = auth(server(), envWithDefaults(server())).build()) {
            auth.accessToken();
            expireTheJwtAndRevokeTheOAuthToken();
            HttpResponse<String> response = AuthorizedRequests.of(auth).sendAsync(client, usersMe(), BodyHandlers.ofString())
                    .get(30, TimeUnit.SECONDS);
            assertThat(response.statusCode()).isEqualTo(200);
        }
        assertThat(server().requestCount(Endpoint.USERS_ME)).isEqualTo(2);
    }

    @Test
    void sendAsync_coldCache_returnsBeforeTheTokenIsGranted() throws Exception {
        // the grant is answered only after the latency: a sendAsync that fetched the token on the
        // caller's thread would return after it, with the exchange done
        server().delayAll(Endpoint.TOKEN, Duration.ofSeconds(5));
        try (InatAuth auth = auth(server(), envWithDefaults(server())).build()) {
            CompletableFuture<HttpResponse<String>> pending =
                    AuthorizedRequests.of(auth).sendAsync(client, usersMe(), BodyHandlers.ofString());
            assertThat(server().jwtCount()).as("no JWT yet when sendAsync returned").isZero();
            assertThat(pending.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
        assertThat(server().grantCount()).isEqualTo(1);
        assertThat(server().jwtCount()).isEqualTo(1);
    }

    @Test
    void send_secondUnauthorized_returnedAsItIsWithoutAnotherRetry() throws Exception {
        server().failAlways(Endpoint.USERS_ME, Fault.status(401));
        try (InatAuth auth = auth(server(), envWithDefaults(server())).build()) {
            HttpResponse<String> response = AuthorizedRequests.of(auth).send(client, usersMe(), BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(401);
        }
        assertThat(server().requestCount(Endpoint.USERS_ME)).isEqualTo(2);
    }

    @Test
    void send_bodyThatCannotBeSentAgain_notRetried() throws Exception {
        try (InatAuth auth = auth(server(), envWithDefaults(server())).build()) {
            auth.accessToken();
            expireTheJwtAndRevokeTheOAuthToken();
            HttpRequest once = HttpRequest.newBuilder(usersMe().uri())
                    .method("GET", HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[1])))
                    .build();
            HttpResponse<String> response = AuthorizedRequests.of(auth).send(client, once, BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(401);
        }
        assertThat(server().requestCount(Endpoint.USERS_ME)).isEqualTo(1);
    }

    @Test
    void send_concurrentRequestsAllSeeUnauthorized_oneRefresh() throws Exception {
        try (InatAuth auth = auth(server(), envWithDefaults(server())).build()) {
            auth.accessToken();
            expireTheJwtAndRevokeTheOAuthToken();
            AuthorizedRequests requests = AuthorizedRequests.of(auth);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> codes = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                codes.add(pool.submit(() -> {
                    start.await();
                    return requests.send(client, usersMe(), BodyHandlers.ofString()).statusCode();
                }));
            }
            start.countDown();
            for (Future<Integer> code : codes) {
                assertThat(code.get(60, TimeUnit.SECONDS)).isEqualTo(200);
            }
        }
        assertThat(server().grantCount()).isEqualTo(2);
        assertThat(server().jwtCount()).isEqualTo(2);
    }

    @Test
    void send_failure_neverShowsTheHeaderValue() throws Exception {
        try (InatAuth auth = auth(server(), envWithDefaults(server())).build()) {
            String jwt = auth.accessToken();
            HttpRequest dead = HttpRequest.newBuilder(URI.create("http://127.0.0.1:9/v1/users/me")).build();
            StringWriter trace = new StringWriter();
            try {
                AuthorizedRequests.of(auth).send(client, dead, BodyHandlers.ofString());
            } catch (ConnectException e) {
                e.printStackTrace(new PrintWriter(trace));
            } catch (IOException e) {
                e.printStackTrace(new PrintWriter(trace));
            }
            assertThat(trace.toString()).isNotEmpty().doesNotContain(jwt);
            assertThat(AuthorizedRequests.of(auth).authorize(HttpRequest.newBuilder(dead.uri())).build().toString())
                    .doesNotContain(jwt);
        }
    }
}
