package io.github.inatauth.filestore.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.inatauth.Credentials;
import io.github.inatauth.InatAuth;
import io.github.inatauth.TokenType;
import io.github.inatauth.Secret;
import io.github.inatauth.ServerException;
import io.github.inatauth.filestore.FileStore;
import io.github.inatauth.spi.ProviderContext;
import io.github.inatauth.spi.Token;
import io.github.inatauth.spi.TokenKey;
import io.github.inatauth.spi.TokenStore;
import io.github.inatauth.spi.TokenStoreProvider;
import io.github.inatauth.testkit.CountingIssuer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store as the engine uses it: found by id, chosen by default when configured, shared by instances. */
class EngineWithFileStoreTest {

    @TempDir
    Path temp;
    Map<String, String> env;
    CountingIssuer issuer = new CountingIssuer();

    @BeforeEach
    void setUp() throws IOException {
        env = new HashMap<>(Map.of("INAT_USERNAME", "alice", "INAT_PASSWORD", "pw", "INAT_APP_ID", "app",
                "INAT_APP_SECRET", "secret", "INAT_AUTH_HOME", temp.resolve("home").toString(),
                "INAT_AUTH_KEY_FILE", TestStores.newKeyFile(temp, 3).toString()));
    }

    private InatAuth auth() {
        return builder().build();
    }

    private InatAuth.Builder builder() {
        Map<String, String> props = Map.of("user.home", System.getProperty("user.home"));
        return InatAuth.builder().environment(env::get).systemProperties(props::get).issuer(issuer.provider());
    }

    @Test
    void create_fileStoreConfigured_isChosenByDefault() {
        try (InatAuth auth = auth()) {
            assertThat(auth.storeId()).isEqualTo("file");
        }
    }

    @Test
    void create_fileStoreNotConfigured_fallsBackToMemory() {
        env.remove("INAT_AUTH_KEY_FILE");
        try (InatAuth auth = auth()) {
            assertThat(auth.storeId()).isEqualTo("memory");
        }
    }

    @Test
    void credentialStores_fileModulePresent_listsFile() {
        assertThat(InatAuth.credentialStores()).contains("file").doesNotContain("memory", "env", "none");
    }

    /** What `inat-auth login` and `logout` do, through the public API only. */
    @Test
    void saveCredentials_thenDelete_aLaterInstanceFindsThemUntilDeleted() {
        Credentials typed = Credentials.of("bob", "bob-password", "bob-app", "bob-app-secret");
        try (InatAuth login = builder().credentials(typed)
                .sources().store("file").build()) {
            login.accessToken();
            login.saveCredentials(typed);
        }
        env.keySet().removeAll(List.of("INAT_USERNAME", "INAT_PASSWORD", "INAT_APP_ID", "INAT_APP_SECRET"));
        try (InatAuth later = auth()) {
            assertThat(later.credentialReport().sourceOf(Credentials.Field.PASSWORD)).contains("file");
            assertThat(later.credentialReport().masked(Credentials.Field.PASSWORD)).contains("bo***");
            assertThat(later.storedTokens()).extracting(t -> t.username()).containsOnly("bob");
            assertThat(later.accessToken()).as("the login's token, from the file").isNotEmpty();
            assertThat(issuer.grants).hasValue(1);

            assertThat(later.deleteCredentials()).isTrue();
            assertThat(later.deleteCredentials()).as("nothing left to delete").isFalse();
            assertThat(later.deleteStoredTokens()).isEqualTo(2); // the JWT and the OAuth token
            assertThat(later.storedTokens()).isEmpty();
            assertThat(later.credentialReport().presentFields()).isEmpty();
        }
    }

    @Test
    void saveCredentials_storeWithoutCredentials_saysWhichStoresCan() {
        try (InatAuth auth = builder().store("memory").build()) {
            assertThatThrownBy(() -> auth.saveCredentials(Credentials.of("bob", null, null, null)))
                    .isInstanceOf(io.github.inatauth.ConfigurationException.class)
                    .hasMessageContaining("'memory' keeps no credentials").hasMessageContaining("store(\"file\")");
        }
    }

    @Test
    void accessToken_secondInstanceLater_readsTheFileAndAsksNothing() {
        String jwt;
        try (InatAuth first = auth()) {
            jwt = first.accessToken();
        }
        try (InatAuth second = auth()) {
            assertThat(second.accessToken()).isEqualTo(jwt);
            assertThat(second.accessToken(TokenType.OAUTH)).as("the first grant's token, from the file").startsWith("oauth-1-");
        }
        assertThat(issuer.grants).hasValue(1);
        assertThat(issuer.exchanges).hasValue(1);
    }

    @Test
    void accessToken_manyInstancesAndThreadsAtOnce_oneGrantAndOneJwt() throws Exception {
        List<InatAuth> instances = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            instances.add(auth());
        }
        Set<String> seen = ConcurrentHashMap.newKeySet();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (InatAuth auth : instances) {
            for (int t = 0; t < 4; t++) {
                Thread thread = new Thread(() -> {
                    try {
                        go.await();
                        seen.add(auth.accessToken());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                thread.start();
                threads.add(thread);
            }
        }
        go.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        instances.forEach(InatAuth::close);
        assertThat(seen).hasSize(1);
        assertThat(issuer.grants).hasValue(1);
        assertThat(issuer.exchanges).hasValue(1);
    }

    @Test
    void accessToken_credentialsSavedWithFileStore_areTheOnesGranted() {
        for (String variable : List.of("INAT_USERNAME", "INAT_PASSWORD", "INAT_APP_ID", "INAT_APP_SECRET")) {
            env.remove(variable);
        }
        Credentials saved = Credentials.of("bob", "bob's password", "bob-app", "bob-secret");
        FileStore store = FileStore.open(TestStores.context(env, Map.of()));
        store.saveCredentials(saved);
        assertThat(store.readCredentials()).contains(saved);
        try (InatAuth auth = auth()) {
            auth.accessToken();
            assertThat(auth.credentialReport().sourceOf(Credentials.Field.PASSWORD)).contains("file");
        }
        assertThat(issuer.granted).containsExactly(saved);
        assertThat(store.deleteCredentials()).isTrue();
        assertThat(store.deleteCredentials()).isFalse();
        assertThat(store.readCredentials()).isEmpty();
    }

    @Test
    void invalidate_anotherInstanceSavesAFreshTokenMeanwhile_theFreshTokenSurvives() {
        // B refreshes at the worst moment for A's invalidate: as soon as A's engine first touches the store
        InterleavingStore interleaving = new InterleavingStore();
        Map<String, String> props = Map.of("user.home", System.getProperty("user.home"));
        try (InatAuth a = InatAuth.builder().environment(env::get).systemProperties(props::get).issuer(issuer.provider())
                .store(interleaving).build(); InatAuth b = auth()) {
            for (int cycle = 0; cycle < 25; cycle++) {
                String stale = a.accessToken();
                String[] fresh = new String[1];
                interleaving.once(() -> fresh[0] = b.refreshAccessToken());

                a.invalidate(stale);

                int jwtsBefore = issuer.exchanges.get();
                assertThat(fresh[0]).as("cycle %d: B refreshed", cycle).isNotNull().isNotEqualTo(stale);
                assertThat(storedJwt()).as("cycle %d: B's fresh token is still stored", cycle).isEqualTo(fresh[0]);
                assertThat(a.accessToken()).as("cycle %d", cycle).isEqualTo(fresh[0]);
                assertThat(issuer.exchanges).as("cycle %d: A read B's token, asked nothing", cycle).hasValue(jwtsBefore);
            }
        }
    }

    @Test
    void accessToken_tokenLockHeldElsewhere_failsWithinTheCallTimeoutSayingSo() throws Exception {
        // issue 13.5: another fetch of the same token that never ends (a stuck process) holds the lock
        TokenKey jwtKey = new TokenKey("https://www.inaturalist.org", "app", "alice", TokenType.JWT);
        TokenStore store = FileTokenStore.open(TestStores.context(env, Map.of()));
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = new Thread(() -> {
            TokenStore.Lock lock = store.lock(jwtKey).orElseThrow();
            try {
                held.countDown();
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                lock.close();
            }
        });
        holder.start();
        held.await();
        Map<String, String> props = Map.of("user.home", System.getProperty("user.home"));
        try (InatAuth auth = InatAuth.builder().environment(env::get).systemProperties(props::get).issuer(issuer.provider())
                .callTimeout(Duration.ofMillis(300)).build()) {
            assertThatThrownBy(auth::accessToken)
                    .isInstanceOf(ServerException.class)
                    .hasMessageContaining("call timeout").hasMessageContaining("token lock");
        } finally {
            release.countDown();
            holder.join();
        }
        assertThat(issuer.grants).hasValue(0);
    }

    private String storedJwt() {
        return TestStores.open(TestStores.context(env, Map.of())).list().entrySet().stream()
                .filter(e -> e.getKey().type() == TokenType.JWT)
                .map(e -> e.getValue().value().reveal()).findFirst().orElse(null);
    }

    /** The file store, with a hook that runs once at the engine's first store call after {@link #once}. */
    private static final class InterleavingStore implements TokenStore, TokenStoreProvider {
        private TokenStore files;
        private Runnable pending;

        void once(Runnable hook) {
            pending = hook;
        }

        private void fire() {
            Runnable hook = pending;
            pending = null;
            if (hook != null) {
                hook.run();
            }
        }

        @Override
        public String id() {
            return "interleaving";
        }

        @Override
        public TokenStore open(ProviderContext context) {
            files = FileTokenStore.open(context);
            return this;
        }

        @Override
        public Optional<Token> load(TokenKey key) {
            Optional<Token> token = files.load(key);
            fire(); // after a read the caller may compare with
            return token;
        }

        @Override
        public boolean deleteIfValue(TokenKey key, Secret value) {
            fire(); // the comparison happens inside the store, so another writer can only come before it
            return files.deleteIfValue(key, value);
        }

        @Override
        public void save(TokenKey key, Token token) {
            files.save(key, token);
        }

        @Override
        public void delete(TokenKey key) {
            files.delete(key);
        }

        @Override
        public Map<TokenKey, Token> list() {
            return files.list();
        }

        @Override
        public Optional<Lock> lock(TokenKey key) {
            return files.lock(key);
        }
    }
}
