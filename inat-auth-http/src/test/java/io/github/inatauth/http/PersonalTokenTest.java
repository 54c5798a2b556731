package io.github.inatauth.http;

import io.github.inatauth.internal.shared.JwtClaims;
import static io.github.inatauth.http.TestSupport.auth;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.inatauth.AuthorizedRequests;
import io.github.inatauth.ConfigurationException;
import io.github.inatauth.CredentialsRejectedException;
import io.github.inatauth.InatAuth;
import io.github.inatauth.PersonalTokenReport;
import io.github.inatauth.TokenListener;
import io.github.inatauth.TokenType;
import io.github.inatauth.spi.CredentialSource;
import io.github.inatauth.spi.ProviderContext;
import io.github.inatauth.testkit.Fault;
import io.github.inatauth.testkit.InatTestServer;
import io.github.inatauth.testkit.LogCapture;
import io.github.inatauth.testkit.MapStore;
import io.github.inatauth.testkit.InatTestServer.Endpoint;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A personal API token (the JWT of {@code /users/api_token}, no OAuth app) against the testkit with a
 * one-hour JWT life. A "stale" token is issued by the server 57 minutes in the past, so that it is
 * well inside the stale window (the last 5 minutes) and minutes away from expiry whatever the
 * machine's speed; renewal gives one of a fresh hour.
 */
class PersonalTokenTest {
    private static final String USER = InatTestServer.DEFAULT_USERNAME;
    private static final Duration LIFE = Duration.ofHours(1);

    private InatTestServer server;
    private LogCapture logs;

    @BeforeEach
    void start() {
        server = InatTestServer.builder().jwtLifetime(LIFE).start();
        logs = LogCapture.of("io.github.inatauth");
    }

    @AfterEach
    void stop() {
        logs.close();
        server.close();
    }

    /** A token as the web page shows it, issued {@code ago} before now. */
    private String issuedAgo(Duration ago) {
        return server.issueApiToken(USER, ago);
    }

    private String stale() {
        return issuedAgo(LIFE.minusMinutes(3));
    }

    private static Map<String, String> env(String apiToken) {
        return Map.of("INAT_API_TOKEN", apiToken);
    }

    /** A source that fails the test if it is ever asked: with a personal token, no credential is read. */
    private static final CredentialSource TRIPWIRE = new CredentialSource() {
        @Override
        public String id() {
            return "tripwire";
        }

        @Override
        public Result read(ProviderContext context) {
            throw new AssertionError("a credential source was asked although a personal API token is set");
        }
    };

    private void assertNoGrantEver() {
        assertThat(server.requestCount(Endpoint.TOKEN)).as("requests to /oauth/token").isZero();
        assertThat(server.grantCount()).isZero();
    }

    @Test
    void freshToken_servedAsItIs_withNoRequestAndNoCredentialsRead() {
        String given = issuedAgo(Duration.ZERO);
        try (InatAuth auth = auth(server, env(given)).addSource(TRIPWIRE).sources("tripwire").build()) {
            assertThat(auth.accessToken()).isEqualTo(given);
            assertThat(auth.accessToken()).isEqualTo(given);
            PersonalTokenReport report = auth.personalToken().orElseThrow();
            assertThat(report.userId()).isEqualTo(server.userId(USER));
            assertThat(report.origin()).isEqualTo("INAT_API_TOKEN");
            assertThat(report.renewed()).isFalse();
            assertThat(report.maskedToken()).isEqualTo("ey***");
        }
        assertThat(server.requestCount(Endpoint.ANY)).isZero();
    }

    @Test
    void builderValue_beatsTheVariable() {
        String fromCode = issuedAgo(Duration.ZERO);
        String fromEnv = issuedAgo(Duration.ofMinutes(1));
        try (InatAuth auth = auth(server, env(fromEnv)).apiToken(fromCode).build()) {
            assertThat(auth.accessToken()).isEqualTo(fromCode);
            assertThat(auth.personalToken().orElseThrow().origin()).isEqualTo("InatAuth.Builder.apiToken");
        }
    }

    @Test
    void staleToken_fiftyThreadsAtOnce_oneRenewalForAll() throws Exception {
        String given = stale();
        int threads = 50;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (InatAuth auth = auth(server, env(given)).store("memory").build()) {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    return auth.accessToken();
                }));
            }
            go.countDown();
            Set<String> tokens = new HashSet<>();
            for (Future<String> f : results) {
                tokens.add(f.get());
            }
            assertThat(tokens).hasSize(1).doesNotContain(given);
            String renewed = tokens.iterator().next();
            assertThat(JwtClaims.expiry(renewed).orElseThrow())
                    .isAfter(Instant.now().plus(LIFE).minusSeconds(60));
            assertThat(auth.isValid(renewed)).isTrue();
            PersonalTokenReport report = auth.personalToken().orElseThrow();
            assertThat(report.renewed()).isTrue();
            assertThat(report.storeId()).isEqualTo("memory");
        } finally {
            pool.shutdownNow();
        }
        assertThat(server.jwtCount()).as("renewals").isEqualTo(1);
        assertThat(server.requests(Endpoint.API_TOKEN).get(0).header("Authorization")).isEqualTo("Bearer " + given);
        assertNoGrantEver();
    }

    @Test
    void renewedToken_inTheStore_isPreferredOverTheOlderVariable_andANewerVariableWins() {
        String given = stale();
        String renewed;
        try (InatAuth first = auth(server, env(given)).store("memory").build()) {
            renewed = first.accessToken();
        }
        assertThat(renewed).isNotEqualTo(given);
        try (InatAuth second = auth(server, env(given)).store("memory").build()) {
            assertThat(second.accessToken()).isEqualTo(renewed);
        }
        assertThat(server.jwtCount()).as("renewals").isEqualTo(1);

        String pastedLater = issuedAgo(Duration.ofSeconds(-5)); // a new paste expires after the kept renewal
        try (InatAuth third = auth(server, env(pastedLater)).store("memory").build()) {
            assertThat(third.accessToken()).isEqualTo(pastedLater);
        }
        assertThat(server.jwtCount()).isEqualTo(1);
        assertNoGrantEver();
    }

    @Test
    void forcedRefresh_renewsAFreshToken() {
        // a minute old: a renewal in the same second as the issue would be the same string (exp is all that differs)
        String given = issuedAgo(Duration.ofMinutes(1));
        try (InatAuth auth = auth(server, env(given)).build()) {
            String renewed = auth.refreshAccessToken();
            assertThat(renewed).isNotEqualTo(given);
            assertThat(auth.accessToken()).isEqualTo(renewed);
        }
        assertThat(server.jwtCount()).isEqualTo(1);
        assertNoGrantEver();
    }

    @Test
    void listener_hearsTheGivenTokenThenItsRenewal_neverAGrant() {
        List<TokenListener.Origin> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        TokenListener listener = new TokenListener() {
            @Override
            public void newToken(TokenType type, Instant expiresAt, TokenListener.Origin origin) {
                assertThat(type).isEqualTo(TokenType.JWT);
                assertThat(expiresAt).isNotNull();
                heard.add(origin);
            }
        };
        try (InatAuth auth = auth(server, env(issuedAgo(Duration.ZERO))).listener(listener).build()) {
            auth.accessToken();
            auth.refreshAccessToken();
        }
        assertThat(heard).containsExactly(TokenListener.Origin.GIVEN, TokenListener.Origin.RENEWAL);
        assertNoGrantEver();
    }

    @Test
    void renewalRefused_tokenServedWhileValid_oneWarningWithTimeLeft_thenExpiredError() {
        String given = stale();
        // iNaturalist refuses a JWT before its exp only if its signing key changed: a fault stands for that
        server.failAlways(Endpoint.API_TOKEN, Fault.status(401));
        try (InatAuth auth = auth(server, env(given)).build()) {
            assertThat(auth.accessToken()).isEqualTo(given);
            assertThat(auth.accessToken()).isEqualTo(given);
        }
        try (InatAuth again = auth(server, env(given)).build()) {
            assertThat(again.accessToken()).isEqualTo(given);
        }
        List<String> warnings = warnings();
        assertThat(warnings).hasSize(2); // one per instance, not one per call
        assertThat(warnings.get(0)).contains("could not be renewed", "HTTP 401", "in 2 minutes",
                server.baseUrl() + "/users/api_token");

        Clock later = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(5));
        try (InatAuth expired = auth(server, env(given)).clock(later).build()) {
            CredentialsRejectedException e = catchThrowableOfType(CredentialsRejectedException.class, expired::accessToken);
            Instant exp = JwtClaims.expiry(given).orElseThrow();
            assertThat(e.getMessage()).contains("expired at " + exp, "copy a new one from " + server.baseUrl()
                    + "/users/api_token", "INAT_API_TOKEN").doesNotContain(given);
        }
        assertNoGrantEver();
    }

    @Test
    void expiredToken_failsAtOnce_withoutARequest() {
        String given = issuedAgo(LIFE.plusHours(1));
        try (InatAuth auth = auth(server, env(given)).build()) {
            assertThatThrownBy(auth::accessToken).isInstanceOf(CredentialsRejectedException.class)
                    .hasMessageContaining("expired at").hasMessageContaining("/users/api_token");
        }
        assertThat(server.requestCount(Endpoint.ANY)).isZero();
    }

    @Test
    void forgedToken_refusedByTheServer_isNotServedOnceExpired() {
        String given = stale();
        String[] parts = given.split("\\.");
        String forged = parts[0] + "." + parts[1] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(new byte[64]);
        try (InatAuth auth = auth(server, env(forged)).build()) {
            assertThat(auth.accessToken()).isEqualTo(forged); // still valid by its exp: served, with a warning
            assertThat(auth.isValid(forged)).isFalse();
        }
        assertThat(server.requestCount(Endpoint.API_TOKEN)).isEqualTo(1);
        assertThat(server.jwtCount()).isZero();
    }

    @Test
    void notAJwt_isAConfigurationErrorAtBuild_thatNeverQuotesTheValue() {
        for (String bad : List.of("not-a-jwt-SENTINEL", "a.b", "eyJhbGciOiJIUzUxMiJ9.bm90IGpzb24.c2ln", "SENTINEL token")) {
            ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
                    () -> auth(server, env(bad)).build());
            assertThat(e).as(bad).isNotNull();
            assertThat(e.getMessage()).contains("INAT_API_TOKEN", "is not a JWT", "/users/api_token")
                    .doesNotContain("SENTINEL").doesNotContain(bad);
        }
        String noUser = "eyJhbGciOiJIUzUxMiJ9." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"exp\":4102444800}".getBytes(java.nio.charset.StandardCharsets.UTF_8)) + ".c2ln";
        assertThatThrownBy(() -> auth(server, Map.of()).apiToken(noUser).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("has no user_id");
        assertThat(server.requestCount(Endpoint.ANY)).isZero();
    }

    @Test
    void oauthToken_withAPersonalToken_isAConfigurationError() {
        try (InatAuth auth = auth(server, env(issuedAgo(Duration.ZERO))).build()) {
            assertThatThrownBy(() -> auth.accessToken(TokenType.OAUTH)).isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("JWTs only");
        }
    }

    @Test
    void twoUsers_neverShareTokens() {
        server.addUser("other-user", "other-password");
        String mine = stale();
        String theirs = server.issueApiToken("other-user");
        String myRenewed;
        try (InatAuth me = auth(server, env(mine)).store("memory").build()) {
            myRenewed = me.accessToken();
        }
        try (InatAuth them = auth(server, env(theirs)).store("memory").build()) {
            assertThat(them.accessToken()).isEqualTo(theirs).isNotEqualTo(myRenewed);
            assertThat(them.personalToken().orElseThrow().userId()).isEqualTo(server.userId("other-user"));
        }
    }

    @Test
    void authorizedRequests_workUnchanged_withARenewedPersonalToken() throws Exception {
        server.serveApi("/v1/observations/mine", "{\"total_results\":0}");
        try (InatAuth auth = auth(server, env(stale())).build()) {
            HttpResponse<String> response = AuthorizedRequests.of(auth).send(HttpClient.newHttpClient(),
                    HttpRequest.newBuilder(URI.create(server.apiUrl() + "/observations/mine")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
        }
        assertThat(server.jwtCount()).isEqualTo(1);
        assertNoGrantEver();
    }

    @Test
    void invalidate_aRenewedTokenTheApiRefused_dropsItFromItsStore_soTheNextCallRenewsAgain() {
        String given = stale();
        try (InatAuth auth = auth(server, env(given)).store("memory").build()) {
            String renewed = auth.accessToken();
            auth.invalidate(renewed);
            // a minute on, so that the next renewal is another string (two JWTs of one second are equal)
            server.clock(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(1)));
            // the memory store is the process's: only this server's entries count
            assertThat(auth.storedTokens()).noneMatch(k -> k.baseUrl().equals(server.baseUrl().toString()));
            String next = auth.accessToken();
            assertThat(next).isNotEqualTo(renewed).isNotEqualTo(given);
        }
        assertThat(server.jwtCount()).isEqualTo(2);
    }

    @Test
    void renewal_storeCannotKeepIt_servedFromMemory_oneRenewal_problemReportedOnce() {
        // issue 13.1 for renewals: the home store's save fails (a full disk, a keyring locked after open)
        MapStore store = new MapStore();
        store.saveFailure = "No space left on device";
        String given = stale();
        try (InatAuth auth = auth(server, env(given)).store(store.provider()).build()) {
            String renewed = auth.accessToken();
            assertThat(renewed).isNotEqualTo(given);
            for (int call = 0; call < 4; call++) {
                assertThat(auth.accessToken()).isEqualTo(renewed);
            }
            // a minute on, so that the forced renewal is another string (two JWTs of one second are equal)
            server.clock(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(1)));
            String again = auth.refreshAccessToken(); // a forced renewal also goes through the failing store

            assertThat(again).isNotEqualTo(renewed);
            assertThat(auth.accessToken()).isEqualTo(again);
            assertThat(server.jwtCount()).as("renewals: one per need, none per call").isEqualTo(2);
            assertThat(store.tokens).isEmpty();
            assertThat(auth.storeProblem()).hasValueSatisfying(p -> assertThat(p).contains("'map'")
                    .contains("No space left on device"));
            assertThat(warnings()).as("the store failure, reported once").singleElement().asString()
                    .contains("No space left on device").doesNotContain(renewed).doesNotContain(again);

            store.saveFailure = null; // room again: the next write keeps what waited
            String third = auth.refreshAccessToken();
            assertThat(store.values()).containsExactly(third);
            assertThat(auth.storeProblem()).isEmpty();
        }
        assertNoGrantEver();
    }

    private List<String> warnings() {
        return logs.lines().stream().filter(line -> line.startsWith("WARNING ")).toList();
    }
}
