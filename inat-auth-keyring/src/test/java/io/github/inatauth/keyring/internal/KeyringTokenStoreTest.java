package io.github.inatauth.keyring.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.inatauth.Secret;
import io.github.inatauth.StoreException;
import io.github.inatauth.TokenType;
import io.github.inatauth.keyring.internal.secretservice.SecretServiceFixture;
import io.github.inatauth.spi.ProviderContext;
import io.github.inatauth.spi.Token;
import io.github.inatauth.spi.TokenKey;
import io.github.inatauth.spi.TokenStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The keyring token store against the real Secret Service of the test run. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class KeyringTokenStoreTest {

    // The store runs on a clock fixed at OBTAINED and every token time is relative to it, so that
    // nothing the store may judge by its clock (expiry, pruning) depends on the day the test runs.
    private static final Instant OBTAINED = Instant.parse("2026-11-27T20:00:00Z");
    private static final Instant EXPIRES = OBTAINED.plus(Duration.ofDays(1));

    private SecretServiceFixture fixture;
    private TokenStore store;
    // a user of our own, so that tests never touch each other's entries
    private final String user = "user-" + UUID.randomUUID();

    @BeforeEach
    void open() {
        fixture = SecretServiceFixture.require();
        store = new KeyringTokenStoreProvider().open(SecretServiceFixture.linux(
                ProviderContext.builder().clock(Clock.fixed(OBTAINED, ZoneOffset.UTC)).build()));
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.list().keySet().stream().filter(key -> key.username().startsWith(user)).forEach(store::delete);
            store.close();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    private TokenKey key(TokenType type) {
        return new TokenKey("https://www.inaturalist.org", "app|1%", user, type);
    }

    @Test
    void save_thenLoad_givesTheSameTokenAndTimes() {
        Token jwt = new Token(Secret.of("eyJ.payload.sig"), OBTAINED, EXPIRES);
        Token oauth = new Token(Secret.of("oauth-token-value"), OBTAINED, null);

        store.save(key(TokenType.JWT), jwt);
        store.save(key(TokenType.OAUTH), oauth);

        assertThat(store.load(key(TokenType.JWT))).contains(jwt);
        assertThat(store.load(key(TokenType.JWT)).orElseThrow().expiresAt()).isEqualTo(EXPIRES);
        assertThat(store.load(key(TokenType.OAUTH)).orElseThrow()).satisfies(t -> {
            assertThat(t.value().reveal()).isEqualTo("oauth-token-value");
            assertThat(t.obtainedAt()).isEqualTo(OBTAINED);
            assertThat(t.expiresAt()).isNull();
        });
    }

    @Test
    void save_entry_isUnderOurServiceNamedByTheKey() {
        store.save(key(TokenType.JWT), new Token(Secret.of("t1"), OBTAINED, EXPIRES));

        assertThat(fixture.items(Map.of("service", KeyringTokenStore.SERVICE,
                "username", key(TokenType.JWT).asString()))).hasSize(1);
    }

    @Test
    void save_again_replacesTheToken() {
        store.save(key(TokenType.JWT), new Token(Secret.of("first"), OBTAINED, EXPIRES));
        store.save(key(TokenType.JWT), new Token(Secret.of("second"), OBTAINED.plusSeconds(5), EXPIRES));

        assertThat(store.load(key(TokenType.JWT)).orElseThrow().value().reveal()).isEqualTo("second");
        assertThat(fixture.items(Map.of("service", KeyringTokenStore.SERVICE,
                "username", key(TokenType.JWT).asString()))).hasSize(1);
    }

    @Test
    void load_nothingSaved_isEmpty() {
        assertThat(store.load(key(TokenType.JWT))).isEmpty();
    }

    @Test
    void delete_savedToken_isGone() {
        store.save(key(TokenType.JWT), new Token(Secret.of("t"), OBTAINED, EXPIRES));

        store.delete(key(TokenType.JWT));
        store.delete(key(TokenType.JWT)); // nothing there: no error

        assertThat(store.load(key(TokenType.JWT))).isEmpty();
    }

    @Test
    void list_savedTokens_givesEachWithItsKey() {
        store.save(key(TokenType.JWT), new Token(Secret.of("j"), OBTAINED, EXPIRES));
        store.save(key(TokenType.OAUTH), new Token(Secret.of("o"), OBTAINED, null));

        Map<TokenKey, Token> mine = new java.util.HashMap<>(store.list());
        mine.keySet().removeIf(k -> !k.username().equals(user));

        assertThat(mine).containsOnlyKeys(key(TokenType.JWT), key(TokenType.OAUTH));
        assertThat(mine.get(key(TokenType.OAUTH)).value().reveal()).isEqualTo("o");
    }

    @Test
    void load_damagedEntry_isTreatedAsAbsent() {
        fixture.createItem("/org/freedesktop/secrets/aliases/default", Map.of("service", KeyringTokenStore.SERVICE,
                "username", key(TokenType.JWT).asString()), "not a token entry");

        assertThat(store.load(key(TokenType.JWT))).isEmpty();

        store.save(key(TokenType.JWT), new Token(Secret.of("fresh"), OBTAINED, EXPIRES));
        assertThat(store.load(key(TokenType.JWT)).orElseThrow().value().reveal()).isEqualTo("fresh");
    }

    /** An entry whose expiry is year +999999999 used to load, and then fail every run in the cache. */
    @Test
    void load_entryWithAnImpossibleExpiry_isTreatedAsAbsentAndReplacedBySave() {
        fixture.createItem("/org/freedesktop/secrets/aliases/default", Map.of("service", KeyringTokenStore.SERVICE,
                "username", key(TokenType.JWT).asString()), "inat-auth token 1\nobtained_at=" + OBTAINED
                + "\nexpires_at=+999999999-12-31T23:59:59Z\ntoken=a.b.c");

        assertThat(store.load(key(TokenType.JWT))).isEmpty();
        assertThat(store.list()).doesNotContainKey(key(TokenType.JWT));

        store.save(key(TokenType.JWT), new Token(Secret.of("fresh"), OBTAINED, EXPIRES));
        assertThat(store.load(key(TokenType.JWT)).orElseThrow().value().reveal()).isEqualTo("fresh");
    }

    @Test
    void load_entryWhoseTokenIsNotABearerToken_isAbsentAndReplacedByTheNextSave() {
        fixture.createItem("/org/freedesktop/secrets/aliases/default", Map.of("service", KeyringTokenStore.SERVICE,
                "username", key(TokenType.JWT).asString()),
                TokenCodec.HEADER + "\nobtained_at=" + OBTAINED + "\ntoken=eyJ.a.b\nX-Injected: 1");

        assertThat(store.load(key(TokenType.JWT))).isEmpty();
        assertThat(store.list()).doesNotContainKey(key(TokenType.JWT));

        store.save(key(TokenType.JWT), new Token(Secret.of("eyJ.fresh.sig"), OBTAINED, EXPIRES));
        assertThat(store.load(key(TokenType.JWT)).orElseThrow().value().reveal()).isEqualTo("eyJ.fresh.sig");
    }

    @Test
    void save_manyThreadsAtOnce_leavesOneConsistentEntryPerKey() throws Exception {
        int threads = 10;
        List<String> written = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                String value = "token-" + t;
                written.add(value);
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 5; i++) {
                        store.save(key(TokenType.JWT), new Token(Secret.of(value), OBTAINED.plusSeconds(i), EXPIRES));
                        store.load(key(TokenType.JWT)).orElseThrow(); // readers never see a half-written entry
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(50, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(fixture.items(Map.of("service", KeyringTokenStore.SERVICE,
                "username", key(TokenType.JWT).asString()))).hasSize(1);
        Token kept = store.load(key(TokenType.JWT)).orElseThrow();
        assertThat(written).contains(kept.value().reveal());
        assertThat(kept.expiresAt()).isEqualTo(EXPIRES);
    }

    @Test
    void open_lockedCollection_failsAsLocked() {
        String password = "locked-store-test";
        String collection = fixture.createCollection(password);
        fixture.lock(collection);
        try {
            assertThatThrownBy(() -> new KeyringTokenStoreProvider().open(SecretServiceFixture.withCollection(collection)))
                    .isInstanceOfSatisfying(StoreException.class, e -> {
                        assertThat(e.kind()).isEqualTo(StoreException.Kind.LOCKED);
                        assertThat(e.isAbsent()).isFalse();
                    });
        } finally {
            fixture.unlock(collection, password);
        }
    }

    @Test
    void open_noBus_isUnavailable() {
        ProviderContext noBus = SecretServiceFixture.linux(ProviderContext.builder().environment(name -> null).build());

        assertThatThrownBy(() -> new KeyringTokenStoreProvider().open(noBus))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.UNAVAILABLE));
    }

    @Test
    void toString_neverShowsATokenValue() {
        store.save(key(TokenType.JWT), new Token(Secret.of("sentinel-token-value"), OBTAINED, EXPIRES));

        assertThat(store.toString()).doesNotContain("sentinel-token-value");
        assertThat(store.list().toString()).doesNotContain("sentinel-token-value");
        assertThat(new KeyringTokenStoreProvider().id()).isEqualTo("keyring");
    }
}
