package io.github.inatauth;

import io.github.inatauth.internal.shared.JwtClaims;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.inatauth.spi.Token;
import io.github.inatauth.testkit.MapStore;
import io.github.inatauth.testkit.CountingIssuer;
import io.github.inatauth.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TokenCacheTest {
    private static final Map<String, String> ENV = Map.of("INAT_USERNAME", "u", "INAT_PASSWORD", "p",
            "INAT_APP_ID", "a", "INAT_APP_SECRET", "s");

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));
    private final CountingIssuer issuer = new CountingIssuer(clock);
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private InatAuth.Builder builder() {
        return InatAuth.builder().environment(ENV::get).systemProperties(k -> null).sources("env").store("none")
                .issuer(issuer.provider()).clock(clock);
    }

    @Test
    void accessToken_default_isJwtAndOauthWhenAsked() {
        try (InatAuth auth = builder().build()) {
            assertThat(auth.accessToken()).startsWith("eyJ");
            assertThat(auth.accessToken(TokenType.OAUTH)).startsWith("oauth-1-");
        }
    }

    @Test
    void accessToken_secondCall_servedFromCache() {
        try (InatAuth auth = builder().build()) {
            String first = auth.accessToken();
            assertThat(auth.accessToken()).isEqualTo(first);
        }
        assertThat(issuer.grants).hasValue(1);
        assertThat(issuer.exchanges).hasValue(1);
    }

    @Test
    void accessToken_200ThreadsOnColdInstance_oneGrantOneJwtRequest() throws Exception {
        issuer.exchangeRelease = new CountDownLatch(1);
        try (InatAuth auth = builder().build()) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return auth.accessToken();
                }));
            }
            start.countDown();
            Thread.sleep(200); // let callers pile up behind the held request; correctness does not depend on it
            issuer.exchangeRelease.countDown();
            String first = results.get(0).get(30, TimeUnit.SECONDS);
            for (Future<String> f : results) {
                assertThat(f.get(30, TimeUnit.SECONDS)).isEqualTo(first);
            }
        }
        assertThat(issuer.grants).hasValue(1);
        assertThat(issuer.exchanges).hasValue(1);
    }

    @Test
    void accessToken_staleToken_oneCallerRefreshesOthersReturnAtOnce() throws Exception {
        try (InatAuth auth = builder().build()) {
            String old = auth.accessToken();
            clock.advance(Duration.ofHours(24).minus(Duration.ofMinutes(2))); // inside the stale window
            issuer.exchangeEntered = new CountDownLatch(1);
            issuer.exchangeRelease = new CountDownLatch(1);
            // while the one refresh is held, every caller still gets the current token at once
            for (int i = 0; i < 50; i++) {
                assertThat(pool.submit(() -> auth.accessToken()).get(5, TimeUnit.SECONDS)).isEqualTo(old);
            }
            assertThat(issuer.exchangeEntered.await(5, TimeUnit.SECONDS)).isTrue();
            issuer.exchangeRelease.countDown();
            awaitNewToken(auth, old);
        }
        assertThat(issuer.exchanges).hasValue(2);
        assertThat(issuer.grants).hasValue(1); // the kept OAuth token was reused
    }

    private static void awaitNewToken(InatAuth auth, String old) throws InterruptedException {
        for (int i = 0; i < 500 && auth.accessToken().equals(old); i++) {
            Thread.sleep(10);
        }
        assertThat(auth.accessToken()).isNotEqualTo(old);
    }

    @Test
    void accessToken_expiredToken_callersWaitForOneRefresh() throws Exception {
        try (InatAuth auth = builder().build()) {
            String old = auth.accessToken();
            clock.advance(Duration.ofHours(24).minusSeconds(10)); // past exp - 30 s
            issuer.exchangeRelease = new CountDownLatch(1);
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                results.add(pool.submit(() -> auth.accessToken()));
            }
            Thread.sleep(100);
            assertThat(results).noneMatch(Future::isDone);
            issuer.exchangeRelease.countDown();
            for (Future<String> f : results) {
                assertThat(f.get(10, TimeUnit.SECONDS)).isNotEqualTo(old);
            }
        }
        assertThat(issuer.exchanges).hasValue(2);
    }

    @Test
    void accessToken_failedRefresh_everyWaiterGetsTheSameError() throws Exception {
        ServerException failure = new ServerException("iNaturalist answered 503; try again later.", 503, null, null);
        issuer.exchangeFailure.set(failure);
        issuer.exchangeRelease = new CountDownLatch(1);
        try (InatAuth auth = builder().build()) {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                results.add(pool.submit(() -> auth.accessToken()));
            }
            Thread.sleep(100);
            issuer.exchangeRelease.countDown();
            for (Future<String> f : results) {
                assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).hasCause(failure);
            }
            // the next call tries again rather than caching the failure
            issuer.exchangeFailure.set(null);
            assertThat(auth.accessToken()).startsWith("eyJ");
        }
    }

    @Test
    void refreshAccessToken_bypassesEveryCache() {
        MapStore store = new MapStore();
        try (InatAuth auth = builder().store(store.provider()).build()) {
            String first = auth.accessToken();
            String refreshed = auth.refreshAccessToken();
            assertThat(refreshed).isNotEqualTo(first);
            assertThat(auth.accessToken()).isEqualTo(refreshed);
            assertThat(store.values()).contains(refreshed);
        }
        assertThat(issuer.grants).hasValue(2);
        assertThat(issuer.exchanges).hasValue(2);
    }

    @Test
    void accessToken_jwtRequestRejectedAfterFreshGrant_fails() {
        issuer.exchangeFailure.set(new CredentialsRejectedException("The server refused the token.", "invalid_token", 401));
        try (InatAuth auth = builder().build()) {
            assertThatThrownBy(auth::accessToken).isInstanceOf(CredentialsRejectedException.class);
        }
        assertThat(issuer.grants).hasValue(1);
    }

    @Test
    void accessToken_invalidCredentials_rejectedError() {
        issuer.grantFailure.set(new CredentialsRejectedException("The app id or secret was refused (invalid_client).",
                "invalid_client", 401));
        try (InatAuth auth = builder().build()) {
            assertThatThrownBy(auth::accessToken).isInstanceOf(CredentialsRejectedException.class)
                    .hasMessageContaining("invalid_client");
        }
    }

    @Test
    void invalidate_rejectedJwt_nextCallFetchesNewOne() {
        try (InatAuth auth = builder().build()) {
            String first = auth.accessToken();
            auth.invalidate(first);
            assertThat(auth.accessToken()).isNotEqualTo(first);
        }
        assertThat(issuer.exchanges).hasValue(2);
        assertThat(issuer.grants).hasValue(1);
    }

    @Test
    void invalidate_droppedFromStoreToo() {
        MapStore store = new MapStore();
        try (InatAuth auth = builder().store(store.provider()).build()) {
            String first = auth.accessToken();
            assertThat(store.values()).contains(first);
            auth.invalidate(first);
            assertThat(store.values()).doesNotContain(first);
        }
    }

    @Test
    void accessToken_keptOauthTokenRevoked_grantsOnceMore() {
        MapStore store = new MapStore();
        try (InatAuth auth = builder().store(store.provider()).build()) {
            String keptOauth = auth.accessToken(TokenType.OAUTH);
            issuer.nextExchangeFailures.add(new CredentialsRejectedException("refused", "invalid_token", 401));
            assertThat(auth.accessToken()).startsWith("eyJ");
            assertThat(auth.accessToken(TokenType.OAUTH)).isNotEqualTo(keptOauth);
            assertThat(store.values()).doesNotContain(keptOauth);
        }
        assertThat(issuer.grants).hasValue(2);
    }

    @Test
    void memoryStore_sharedByInstances_secondInstanceMakesNoRequest() {
        String base = "https://shared.example";
        try (InatAuth a = builder().store("memory").baseUrl(base).build();
                InatAuth b = builder().store("memory").baseUrl(base).build()) {
            assertThat(b.accessToken()).isEqualTo(a.accessToken());
        }
        assertThat(issuer.grants).hasValue(1);
        assertThat(issuer.exchanges).hasValue(1);
    }

    @Test
    void tokens_keyedByUser_neverSharedAcrossUsers() {
        String base = "https://two-users.example";
        Map<String, String> other = Map.of("INAT_USERNAME", "someone-else", "INAT_PASSWORD", "p",
                "INAT_APP_ID", "a", "INAT_APP_SECRET", "s");
        try (InatAuth a = builder().store("memory").baseUrl(base).build();
                InatAuth b = builder().store("memory").baseUrl(base).environment(other::get).build()) {
            assertThat(b.accessToken()).isNotEqualTo(a.accessToken());
            assertThat(a.storedTokens()).extracting(StoredToken::username).contains("u", "someone-else");
        }
    }

    @Test
    void warmPath_systemClock_servesWithoutRequests() {
        try (InatAuth auth = InatAuth.builder().environment(ENV::get).systemProperties(k -> null).sources("env")
                .store("none").issuer(new CountingIssuer(java.time.Clock.systemUTC()).provider()).build()) {
            String first = auth.accessToken();
            for (int i = 0; i < 1000; i++) {
                assertThat(auth.accessToken()).isSameAs(first);
            }
        }
    }

    @Test
    void accessToken_cachedJwt_customGrantNeverStarted() {
        String base = "https://custom-grant.example";
        try (InatAuth first = builder().store("memory").baseUrl(base).build()) {
            first.accessToken();
        }
        Map<String, String> userOnly = Map.of("INAT_USERNAME", "u", "INAT_APP_ID", "a");
        try (InatAuth browser = builder().store("memory").baseUrl(base).environment(userOnly::get)
                .grant((c, ctx) -> {
                    throw new AssertionError("the browser flow must not start while a token is cached");
                }).build()) {
            assertThat(browser.accessToken()).startsWith("eyJ");
        }
    }

    @Test
    void accessToken_customGrant_needsOnlyUsernameAndAppId() {
        Map<String, String> userOnly = Map.of("INAT_USERNAME", "u", "INAT_APP_ID", "a");
        try (InatAuth auth = builder().environment(userOnly::get)
                .grant((c, ctx) -> new Token(Secret.of("from-browser"), clock.instant(), null)).build()) {
            assertThat(auth.accessToken(TokenType.OAUTH)).isEqualTo("from-browser");
            assertThat(auth.accessToken()).startsWith("eyJ");
        }
        assertThat(issuer.grants).hasValue(0);
    }

    @Test
    void timer_systemClock_marksTokenStaleAndRefreshesInBackground() throws Exception {
        CountingIssuer shortLived = new CountingIssuer(java.time.Clock.systemUTC());
        shortLived.jwtLifetime = Duration.ofSeconds(3); // stale after 2.25 s
        try (InatAuth auth = InatAuth.builder().environment(ENV::get).systemProperties(k -> null).sources("env")
                .store("none").issuer(shortLived.provider()).build()) {
            String first = auth.accessToken();
            for (int i = 0; i < 1000 && auth.accessToken().equals(first); i++) {
                Thread.sleep(10);
            }
            assertThat(auth.accessToken()).isNotEqualTo(first);
        }
        assertThat(shortLived.grants).hasValue(1);
    }

    @Test
    void close_thenAccessToken_saysClosed() {
        InatAuth auth = builder().build();
        auth.accessToken();
        auth.close();
        assertThatThrownBy(auth::accessToken).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void decodeJwtExpiry_validAndBrokenPayloads() {
        Instant exp = Instant.parse("2026-03-01T12:00:00Z");
        assertThat(JwtClaims.expiry(CountingIssuer.jwt(exp, "x"))).contains(exp);
        assertThat(JwtClaims.expiry("a.b")).isEmpty();
        assertThat(JwtClaims.expiry("a.b.c.d")).isEmpty();
        assertThat(JwtClaims.expiry("eyJ.!!!.sig")).isEmpty();
        String noExp = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("{\"user_id\":1}".getBytes());
        assertThat(JwtClaims.expiry("h." + noExp + ".s")).isEmpty();
        assertThat(JwtClaims.expiry(null)).isEmpty();
    }
}
