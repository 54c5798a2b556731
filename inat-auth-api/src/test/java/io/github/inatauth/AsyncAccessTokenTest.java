package io.github.inatauth;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.inatauth.testkit.CountingIssuer;
import io.github.inatauth.testkit.MutableClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code accessTokenAsync}: never blocks the caller; the one refresh every caller shares completes it. */
class AsyncAccessTokenTest {
    private final MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));
    private final CountingIssuer issuer = new CountingIssuer(clock);

    private InatAuth build(String username) {
        Map<String, String> env = new HashMap<>(Map.of("INAT_USERNAME", username, "INAT_PASSWORD", "p",
                "INAT_APP_ID", "a", "INAT_APP_SECRET", "s"));
        return InatAuth.builder().environment(env::get).systemProperties(k -> null).store("none")
                .sources("env").issuer(issuer.provider()).clock(clock).build();
    }

    private static Throwable failureOf(CompletableFuture<String> f) throws Exception {
        return f.handle((v, e) -> e).get(30, TimeUnit.SECONDS);
    }

    @Test
    void coldCache_returnsBeforeTheTokenIsThere_oneExchangeForAllCallers() throws Exception {
        issuer.exchangeEntered = new CountDownLatch(1);
        issuer.exchangeRelease = new CountDownLatch(1);
        try (InatAuth auth = build("cold-user")) {
            List<CompletableFuture<String>> futures = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                futures.add(auth.accessTokenAsync()); // returns although the exchange is held
            }
            assertThat(issuer.exchangeEntered.await(30, TimeUnit.SECONDS)).as("the refresh started elsewhere").isTrue();
            assertThat(futures).noneMatch(CompletableFuture::isDone);

            issuer.exchangeRelease.countDown();
            String token = futures.get(0).get(30, TimeUnit.SECONDS);
            for (CompletableFuture<String> f : futures) {
                assertThat(f.get(30, TimeUnit.SECONDS)).isEqualTo(token);
            }
            assertThat(auth.accessToken()).isEqualTo(token);
        }
        assertThat(issuer.exchanges).hasValue(1);
        assertThat(issuer.grants).hasValue(1);
    }

    @Test
    void warmCache_completedAtOnce() throws Exception {
        try (InatAuth auth = build("warm-user")) {
            String token = auth.accessToken();
            issuer.exchangeRelease = new CountDownLatch(1); // a fetch now would hang: none may happen
            CompletableFuture<String> f = auth.accessTokenAsync();
            assertThat(f).isCompletedWithValue(token);
            assertThat(auth.accessTokenAsync(TokenType.OAUTH)).isCompleted();
            issuer.exchangeRelease.countDown();
        }
        assertThat(issuer.exchanges).hasValue(1);
    }

    @Test
    void failure_completesWithTheSameExceptionNotWrapped() throws Exception {
        CredentialsRejectedException refused = new CredentialsRejectedException("refused in this test", "invalid_grant", 400);
        issuer.grantFailure.set(refused);
        try (InatAuth auth = build("refused-user")) {
            assertThat(failureOf(auth.accessTokenAsync())).isSameAs(refused);
            assertThat(failureOf(auth.accessTokenAsync(TokenType.OAUTH))).as("the slot known now").isSameAs(refused);
        }
    }

    @Test
    void manyColdInstancesAtOnce_noneStarves() throws Exception {
        // more cold JWT refreshes than the background pool has threads, each waiting for its OAuth token:
        // on a fixed pool of four they would wait for the OAuth refreshes queued behind them
        int n = 8;
        issuer.exchangeEntered = new CountDownLatch(n);
        issuer.exchangeRelease = new CountDownLatch(1);
        List<InatAuth> instances = new ArrayList<>();
        List<CompletableFuture<String>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                InatAuth auth = build("user-" + i);
                instances.add(auth);
                futures.add(auth.accessTokenAsync());
            }
            assertThat(issuer.exchangeEntered.await(30, TimeUnit.SECONDS)).as("all %d exchanges in flight at once", n).isTrue();
            issuer.exchangeRelease.countDown();
            for (CompletableFuture<String> f : futures) {
                assertThat(f.get(30, TimeUnit.SECONDS)).startsWith("eyJ");
            }
        } finally {
            issuer.exchangeRelease.countDown();
            instances.forEach(InatAuth::close);
        }
        assertThat(issuer.exchanges).hasValue(n);
    }

    @Test
    void closedInstance_failsTheFuture() throws Exception {
        InatAuth auth = build("closed-user");
        auth.close();
        assertThat(failureOf(auth.accessTokenAsync())).isInstanceOf(IllegalStateException.class)
                .hasMessage("This InatAuth is closed.");
    }
}
