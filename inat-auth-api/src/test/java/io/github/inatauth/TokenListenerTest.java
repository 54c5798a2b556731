package io.github.inatauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.inatauth.TokenListener.Origin;
import io.github.inatauth.testkit.CountingIssuer;
import io.github.inatauth.testkit.LogCapture;
import io.github.inatauth.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The builder's {@link TokenListener}: told of each new token and failed refresh, never of a value. */
class TokenListenerTest {
    private final MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));
    private final CountingIssuer issuer = new CountingIssuer(clock);
    private final Recorder recorder = new Recorder();

    record Heard(TokenType type, Instant expiresAt, Origin origin, RuntimeException error) {
    }

    static final class Recorder implements TokenListener {
        final List<Heard> heard = new CopyOnWriteArrayList<>();

        @Override
        public void newToken(TokenType type, Instant expiresAt, Origin origin) {
            heard.add(new Heard(type, expiresAt, origin, null));
        }

        @Override
        public void refreshFailed(TokenType type, RuntimeException error) {
            heard.add(new Heard(type, null, null, error));
        }
    }

    private InatAuth.Builder builder(String username, String store) {
        Map<String, String> env = Map.of("INAT_USERNAME", username, "INAT_PASSWORD", "p", "INAT_APP_ID", "a",
                "INAT_APP_SECRET", "s");
        return InatAuth.builder().environment(env::get).systemProperties(k -> null).store(store).sources("env")
                .issuer(issuer.provider()).clock(clock);
    }

    @Test
    void newTokens_fromServerThenFromStore_withTypeAndExpiry() {
        String user = "listened-" + System.nanoTime(); // the memory store is shared by the JVM
        try (InatAuth auth = builder(user, "memory").listener(recorder).build()) {
            auth.accessToken();
            auth.accessToken(); // warm: nothing new
        }
        Instant jwtExpiry = clock.instant().plus(issuer.jwtLifetime);
        assertThat(recorder.heard).containsExactly(
                new Heard(TokenType.OAUTH, null, Origin.SERVER, null),
                new Heard(TokenType.JWT, jwtExpiry, Origin.SERVER, null));

        recorder.heard.clear();
        try (InatAuth again = builder(user, "memory").listener(recorder).build()) {
            again.accessToken();
        }
        assertThat(recorder.heard).containsExactly(new Heard(TokenType.JWT, jwtExpiry, Origin.STORE, null));
        assertThat(issuer.exchanges).hasValue(1);
    }

    @Test
    void failedRefresh_isToldWithTheCallersError() {
        CredentialsRejectedException refused = new CredentialsRejectedException("refused here", "invalid_grant", 400);
        issuer.grantFailure.set(refused);
        try (InatAuth auth = builder("refused", "none").listener(recorder).build()) {
            assertThatThrownBy(auth::accessToken).isSameAs(refused);
        }
        assertThat(recorder.heard).containsExactly(
                new Heard(TokenType.OAUTH, null, null, refused),
                new Heard(TokenType.JWT, null, null, refused));
    }

    @Test
    void personalToken_isToldAsGiven() {
        String jwt = CountingIssuer.jwt(clock.instant().plus(Duration.ofHours(24)), "given");
        try (InatAuth auth = InatAuth.builder().environment(k -> null).systemProperties(k -> null).store("none")
                .sources().issuer(issuer.provider()).clock(clock).apiToken(jwt).listener(recorder).build()) {
            assertThat(auth.accessToken()).isEqualTo(jwt);
        }
        assertThat(recorder.heard).containsExactly(
                new Heard(TokenType.JWT, clock.instant().plus(Duration.ofHours(24)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                        Origin.GIVEN, null));
    }

    @Test
    void throwingListener_neverBreaksACall_andIsLoggedOnce() {
        TokenListener throwing = new TokenListener() {
            @Override
            public void newToken(TokenType type, Instant expiresAt, Origin origin) {
                throw new IllegalStateException("listener bug");
            }
        };
        try (LogCapture log = LogCapture.of("io.github.inatauth");
                InatAuth auth = builder("thrown-at", "none").listener(throwing).build()) {
            assertThat(auth.accessToken()).startsWith("eyJ");
            assertThat(auth.refreshAccessToken()).startsWith("eyJ");
            assertThat(log.lines()).filteredOn(l -> l.contains("token listener")).singleElement().asString()
                    .contains(throwing.getClass().getName()).contains("IllegalStateException")
                    .doesNotContain("listener bug");
        }
        assertThat(issuer.exchanges).hasValue(2);
    }
}
