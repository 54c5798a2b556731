package io.github.inatauth;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.inatauth.spi.TokenKey;
import io.github.inatauth.testkit.CountingIssuer;
import io.github.inatauth.testkit.LogCapture;
import io.github.inatauth.testkit.MapStore;
import io.github.inatauth.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 13.1: a store whose writes fail after a good grant costs no grant per call. */
class FailingStoreTest {
    private final MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));
    private final CountingIssuer issuer = new CountingIssuer(clock);
    private final Map<String, String> env = Map.of("INAT_USERNAME", "full-disk-user", "INAT_PASSWORD", "pw",
            "INAT_APP_ID", "app", "INAT_APP_SECRET", "secret");

    @Test
    void accessToken_storeWritesFail_tokenServedFromMemoryOneGrantProblemReported() {
        MapStore store = new MapStore();
        store.saveFailure = "No space left on device";
        try (LogCapture log = LogCapture.of("io.github.inatauth");
                InatAuth auth = InatAuth.builder().environment(env::get).systemProperties(k -> null).store(store.provider())
                .issuer(issuer.provider()).clock(clock).build()) {
            String jwt = auth.accessToken();
            for (int call = 0; call < 4; call++) {
                assertThat(auth.accessToken()).isEqualTo(jwt);
            }
            assertThat(log.lines()).filteredOn(l -> l.startsWith("WARNING")).as("the store failure, reported once")
                    .singleElement().asString().contains("'map'").contains("No space left on device");
            assertThat(issuer.grants).hasValue(1);
            assertThat(issuer.exchanges).hasValue(1);
            assertThat(store.tokens).isEmpty();
            assertThat(auth.storeProblem()).hasValueSatisfying(p -> assertThat(p)
                    .contains("'map'").contains("No space left on device").contains("tried again"));

            // the disk has room again; the next write (here: the JWT's renewal) also keeps what was refused
            store.saveFailure = null;
            clock.advance(Duration.ofHours(25));
            String renewed = auth.accessToken();

            assertThat(renewed).isNotEqualTo(jwt);
            assertThat(issuer.grants).as("the OAuth token kept in memory served the renewal").hasValue(1);
            assertThat(store.tokens.keySet()).extracting(TokenKey::type).containsExactlyInAnyOrder(TokenType.OAUTH,
                    TokenType.JWT);
            assertThat(store.tokens.values()).extracting(t -> t.value().reveal()).contains(renewed);
            assertThat(auth.storeProblem()).isEmpty();
        }
    }
}
