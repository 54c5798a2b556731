package io.github.inatauth.filestore.internal;

import static io.github.inatauth.filestore.internal.TestStores.JWT_KEY;
import static io.github.inatauth.filestore.internal.TestStores.OAUTH_KEY;
import static io.github.inatauth.filestore.internal.TestStores.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.inatauth.ConfigurationException;
import io.github.inatauth.StoreException;
import io.github.inatauth.StoreException.Kind;
import io.github.inatauth.TokenType;
import io.github.inatauth.spi.ProviderContext;
import io.github.inatauth.spi.Token;
import io.github.inatauth.spi.TokenKey;
import io.github.inatauth.spi.TokenStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTokenStoreTest {

    // Every test runs at this instant through the context's clock: the store prunes by that clock,
    // so the fixed token times below hold on any day.
    static final Instant NOW = Instant.parse("2026-11-27T20:00:00Z");

    @TempDir
    Path temp;
    Path home;
    Path keyFile;
    ProviderContext context;

    @BeforeEach
    void setUp() throws IOException {
        home = temp.resolve("store");
        keyFile = TestStores.newKeyFile(temp, 42);
        context = TestStores.keyFileContext(home, keyFile).toBuilder()
                .clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
    }

    @Test
    void module_providesStoreAndSourceInModuleInfoAndServiceFiles() throws IOException {
        Module module = FileTokenStore.class.getModule();
        assertThat(module.getDescriptor().provides()).extracting(p -> p.service() + "=" + p.providers())
                .containsExactlyInAnyOrder(
                        "io.github.inatauth.spi.TokenStoreProvider=[" + FileTokenStoreProvider.class.getName() + "]",
                        "io.github.inatauth.spi.CredentialSource=[" + FileCredentialSource.class.getName() + "]");
        for (Class<?> service : new Class<?>[] {io.github.inatauth.spi.TokenStoreProvider.class, io.github.inatauth.spi.CredentialSource.class}) {
            try (var in = module.getResourceAsStream("META-INF/services/" + service.getName())) {
                assertThat(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)).contains("filestore.internal.File");
            }
        }
        assertThat(new FileTokenStoreProvider().id()).isEqualTo("file");
        assertThat(new FileCredentialSource().id()).isEqualTo("file");
    }

    @Test
    void open_neitherPassphraseNorKeyFile_isNotConfiguredWithHint() {
        ProviderContext empty = TestStores.context(Map.of("INAT_AUTH_HOME", home.toString()), Map.of());
        assertThatThrownBy(() -> TestStores.open(empty)).isInstanceOfSatisfying(StoreException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.NOT_CONFIGURED);
            assertThat(e.isAbsent()).isTrue();
            assertThat(e.getMessage()).contains("INAT_AUTH_PASSPHRASE", "INAT_AUTH_KEY_FILE");
        });
    }

    @Test
    void open_bothPassphraseAndKeyFile_isAConfigurationError() {
        ProviderContext both = TestStores.context(Map.of("INAT_AUTH_HOME", home.toString(),
                "INAT_AUTH_PASSPHRASE", "x", "INAT_AUTH_KEY_FILE", keyFile.toString()), Map.of());
        assertThatThrownBy(() -> TestStores.open(both)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("set only one");
    }

    @Test
    void open_touchesNothing() {
        TestStores.open(TestStores.keyFileContext(home, temp.resolve("missing-key")));
        assertThat(home).doesNotExist();
    }

    @Test
    void home_defaultsToXdgConfigHomeThenDotConfig() {
        Map<String, String> props = Map.of("user.home", "/home/u", "os.name", "Linux");
        assertThat(StoreConfig.home(TestStores.context(Map.of("XDG_CONFIG_HOME", "/xdg"), props)))
                .isEqualTo(Path.of("/xdg/inat-auth"));
        assertThat(StoreConfig.home(TestStores.context(Map.of("XDG_CONFIG_HOME", "relative"), props)))
                .isEqualTo(Path.of("/home/u/.config/inat-auth"));
        assertThat(StoreConfig.home(TestStores.context(Map.of(), props))).isEqualTo(Path.of("/home/u/.config/inat-auth"));
        assertThat(StoreConfig.home(TestStores.context(Map.of("INAT_AUTH_HOME", "/h"),
                Map.of("inat.auth.home", "/p")))).isEqualTo(Path.of("/p"));
    }

    @Test
    void saveThenLoad_inAnotherStoreInstance_roundTrips() {
        Token jwt = token("eyJ.jwt.sig", NOW, NOW.plus(Duration.ofHours(24)));
        Token oauth = token("oauth-token", NOW.plusNanos(123_456_789), null);
        TestStores.open(context).save(JWT_KEY, jwt);
        TestStores.open(context).save(OAUTH_KEY, oauth);

        TokenStore other = TestStores.open(context);
        assertThat(other.load(JWT_KEY)).contains(jwt);
        assertThat(other.load(OAUTH_KEY)).contains(oauth);
        assertThat(other.load(JWT_KEY.withType(TokenType.JWT)).get().expiresAt())
                .isEqualTo(NOW.plus(Duration.ofHours(24)));
        assertThat(other.list()).containsOnlyKeys(JWT_KEY, OAUTH_KEY);
    }

    @Test
    void load_entryThatIsNotABearerToken_isAbsentAndReplacedByTheNextSave() {
        Token oauth = token("oauth-token", NOW, null);
        TokenStore store = TestStores.open(context);
        store.save(JWT_KEY, token("eyJ.jwt.sig", NOW, NOW.plus(Duration.ofHours(24))));
        store.save(OAUTH_KEY, oauth);
        rewritePlaintext("eyJ.jwt.sig", "eyJ.jwt\nsig"); // as a version that did not check tokens kept it

        assertThat(store.load(JWT_KEY)).isEmpty();
        assertThat(store.load(OAUTH_KEY)).contains(oauth);
        assertThat(store.list()).containsOnlyKeys(OAUTH_KEY);

        Token fresh = token("eyJ.fresh.sig", NOW, NOW.plus(Duration.ofHours(24)));
        store.save(JWT_KEY, fresh);
        assertThat(TestStores.open(context).load(JWT_KEY)).contains(fresh);
        assertThat(TestStores.open(context).load(OAUTH_KEY)).contains(oauth);
    }

    /** Changes the decrypted token file (same length) and encrypts it again with the store's key. */
    private void rewritePlaintext(String from, String to) {
        StoreFile file = StoreFolder.open(context).file(Content.TOKENS);
        KeySource keys = StoreConfig.from(context).keys();
        String plaintext = new String(EncryptedFile.read(file, keys).orElseThrow(), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(plaintext).contains(from);
        EncryptedFile.write(file, plaintext.replace(from, to).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), keys);
    }

    @Test
    void load_noFolderYet_isEmptyAndCreatesNothing() {
        assertThat(TestStores.open(context).load(JWT_KEY)).isEmpty();
        assertThat(TestStores.open(context).list()).isEmpty();
        assertThat(home).doesNotExist();
    }

    @Test
    void save_createsFolder0700AndFiles0600() throws IOException {
        TestStores.open(context).save(JWT_KEY, token("t", NOW, null));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home))).isEqualTo("rwx------");
        try (var files = Files.list(home)) {
            assertThat(files).extracting(p -> p.getFileName().toString()).containsExactlyInAnyOrder("tokens.enc", "lock");
        }
        for (String name : new String[] {"tokens.enc", "lock"}) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve(name))))
                    .as(name).isEqualTo("rw-------");
        }
    }

    @Test
    void delete_removesOneKeyOnly() {
        TokenStore store = TestStores.open(context);
        store.save(JWT_KEY, token("j", NOW, null));
        store.save(OAUTH_KEY, token("o", NOW, null));
        store.delete(JWT_KEY);
        store.delete(new TokenKey("https://x", "a", "b", TokenType.JWT));
        assertThat(store.list()).containsOnlyKeys(OAUTH_KEY);
        store.deleteAll();
        assertThat(store.list()).isEmpty();
    }

    @Test
    void save_dropsTokensExpiredMoreThanADayAgo() {
        TokenStore store = TestStores.open(context);
        TokenKey old = new TokenKey("https://www.inaturalist.org", "app", "bob", TokenType.JWT);
        store.save(old, token("old", NOW.minus(Duration.ofDays(3)), NOW.minus(Duration.ofDays(2))));
        store.save(JWT_KEY, token("recent", NOW.minus(Duration.ofHours(25)), NOW.minus(Duration.ofHours(1))));
        store.save(OAUTH_KEY, token("oauth", NOW.minus(Duration.ofDays(300)), null));
        assertThat(store.list()).containsOnlyKeys(JWT_KEY, OAUTH_KEY);
    }

    @Test
    void save_leavesNoTemporaryFiles() throws IOException {
        TokenStore store = TestStores.open(context);
        for (int i = 0; i < 5; i++) {
            store.save(JWT_KEY, token("t" + i, NOW, null));
        }
        Files.write(home.resolve(".tokens.enc.0123456789abcdef.tmp"), new byte[] {1}); // left by a killed writer
        store.save(JWT_KEY, token("last", NOW, null));
        try (var files = Files.list(home)) {
            assertThat(files).extracting(p -> p.getFileName().toString()).containsExactlyInAnyOrder("tokens.enc", "lock");
        }
    }

    @Test
    @SuppressWarnings("try")
    void lock_sameThreadJwtThenOauthThenJwtAgain_isReentrant() {
        TokenStore store = TestStores.open(context);
        try (TokenStore.Lock jwt = store.lock(JWT_KEY).orElseThrow();
                TokenStore.Lock oauth = store.lock(OAUTH_KEY).orElseThrow();
                TokenStore.Lock again = store.lock(JWT_KEY).orElseThrow()) {
            store.save(JWT_KEY, token("inside", NOW, null)); // the writer lock, taken inside both
        }
        assertThat(store.load(JWT_KEY)).isPresent();
    }

    @Test
    void save_manyThreadsAndInstancesAtOnce_loseNoToken() throws Exception {
        java.util.List<Thread> threads = new java.util.ArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        for (int t = 0; t < 8; t++) {
            TokenStore store = TestStores.open(context);
            int thread = t;
            threads.add(new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                for (int i = 0; i < 10; i++) {
                    store.save(new TokenKey("https://x", "app", "user" + thread + "-" + i, TokenType.JWT),
                            token("t", NOW, null));
                }
            }));
        }
        threads.forEach(Thread::start);
        go.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(TestStores.open(context).list()).hasSize(80);
    }

    @Test
    @SuppressWarnings("try")
    void lock_lockFileDeletedMeanwhile_locksTheNewFile() throws IOException {
        TokenStore store = TestStores.open(context);
        store.lock(JWT_KEY).orElseThrow().close();
        Files.delete(home.resolve("lock"));
        try (TokenStore.Lock lock = store.lock(JWT_KEY).orElseThrow()) {
            assertThat(home.resolve("lock")).exists(); // a lock on the deleted file would exclude nobody
        }
    }

    @Test
    void toString_ofStoreAndConfiguration_holdsNoSecret() {
        ProviderContext c = TestStores.passphraseContext(home, "sentinel-passphrase-123");
        TokenStore store = TestStores.open(c);
        assertThat(store.toString() + StoreConfig.from(c) + StoreFolder.open(c)).doesNotContain("sentinel");
    }

    @Test
    @SuppressWarnings("try")
    void lock_heldByOneThread_blocksAnotherThreadOfAnotherStoreInstanceUntilReleased() throws Exception {
        TokenStore first = TestStores.open(context);
        TokenStore second = TestStores.open(context);
        AtomicBoolean secondHolds = new AtomicBoolean();
        CountDownLatch started = new CountDownLatch(1);
        Thread waiter;
        try (TokenStore.Lock held = first.lock(JWT_KEY).orElseThrow()) {
            waiter = new Thread(() -> {
                started.countDown();
                try (TokenStore.Lock l = second.lock(JWT_KEY).orElseThrow()) {
                    secondHolds.set(true);
                }
            });
            waiter.start();
            started.await();
            waiter.join(300);
            assertThat(secondHolds).as("acquired while the first thread held the lock").isFalse();
            try (TokenStore.Lock other = second.lock(OAUTH_KEY).orElseThrow()) {
                assertThat(other).isNotNull(); // another key is not blocked
            }
        }
        waiter.join();
        assertThat(secondHolds).isTrue();
    }

    /**
     * A tokens.enc (authentic, laid out right) whose entries hold times no token has, or a key that does
     * not parse: those entries are absent, the others still load, and the next save replaces them. It
     * used to load a year +999999999 expiry, which made every later run fail with an ArithmeticException.
     */
    @Test
    void load_entriesWithImpossibleTimes_areAbsentAndReplacedByTheNextSave() throws IOException {
        TokenKey other = new TokenKey("https://www.inaturalist.org", "app", "bob", TokenType.JWT);
        Instant farFuture = Instant.parse("+999999999-12-31T23:59:59Z");
        StoreFolder folder = StoreFolder.open(context);
        byte[] plaintext = TokenPlaintext.of(
                new TokenPlaintext.Entry(JWT_KEY.asString(), "far-future", NOW.getEpochSecond(), 0, farFuture.getEpochSecond(), 0),
                new TokenPlaintext.Entry(OAUTH_KEY.asString(), "before-1970", -1, 0, null, null),
                new TokenPlaintext.Entry("nonsense-key", "no-key", NOW.getEpochSecond(), 0, null, null),
                new TokenPlaintext.Entry(other.asString(), "max-long", NOW.getEpochSecond(), 0, Long.MAX_VALUE, 0),
                new TokenPlaintext.Entry(other.withType(TokenType.OAUTH).asString(), "good",
                        NOW.getEpochSecond(), 0, null, null));
        Permissions.ensureFolder(home);
        EncryptedFile.write(folder.file(Content.TOKENS), plaintext, StoreConfig.from(context).keys());
        TokenStore store = TestStores.open(context);

        assertThat(store.load(JWT_KEY)).isEmpty();
        assertThat(store.load(OAUTH_KEY)).isEmpty();
        assertThat(store.load(other)).isEmpty();
        assertThat(store.list()).containsOnlyKeys(other.withType(TokenType.OAUTH));

        Token fresh = token("fresh-jwt", NOW, NOW.plus(Duration.ofHours(1)));
        store.save(JWT_KEY, fresh);
        assertThat(store.load(JWT_KEY)).contains(fresh);
        assertThat(store.list()).containsOnlyKeys(JWT_KEY, other.withType(TokenType.OAUTH));
    }
}
