package io.github.inatauth.keyring.internal.secretservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.inatauth.StoreException;
import io.github.inatauth.spi.ProviderContext;
import io.github.inatauth.spi.Setting;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The Secret Service backend against the real gnome-keyring of the test run. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SecretServiceBackendTest {

    private SecretServiceFixture fixture;
    private SecretServiceBackend backend;
    private final String service = SecretServiceFixture.uniqueService();

    @BeforeEach
    void connect() {
        fixture = SecretServiceFixture.require();
        backend = SecretServiceBackend.open(SecretServiceFixture.linux(ProviderContext.system()));
    }

    @AfterEach
    void disconnect() {
        if (backend != null) {
            backend.entries(service).forEach(entry -> backend.delete(service, entry));
            backend.close();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void set_newEntry_writesTheAttributesPythonKeyringWritesAndReads() {
        backend.set(service, "password", "hunter2");

        List<String> items = fixture.items(Map.of("service", service, "username", "password"));
        assertThat(items).hasSize(1);
        Map<String, String> attributes = fixture.attributes(items.get(0));
        assertThat(attributes).containsAllEntriesOf(Map.of("service", service, "username", "password",
                "application", "Python keyring library"));
        // gnome-keyring may add the generic schema, as it does for Python's items
        assertThat(attributes.keySet()).isSubsetOf("service", "username", "application", "xdg:schema");
        assertThat(fixture.label(items.get(0))).isEqualTo("Password for 'password' on '" + service + "'");
        assertThat(backend.get(service, "password")).contains("hunter2");
    }

    @Test
    void get_missingEntry_isEmpty() {
        assertThat(backend.get(service, "nothing")).isEmpty();
        assertThat(backend.getAll(service, List.of("a", "b"))).isEmpty();
    }

    @Test
    void set_twice_replacesTheValueAndKeepsOneItem() {
        backend.set(service, "username", "alice");
        backend.set(service, "username", "bob");

        assertThat(fixture.items(Map.of("service", service, "username", "username"))).hasSize(1);
        assertThat(backend.get(service, "username")).contains("bob");
    }

    @Test
    void set_entryWrittenByAnotherToolWithOtherAttributes_leavesOnlyOurs() {
        fixture.createItem("/org/freedesktop/secrets/aliases/default",
                Map.of("service", service, "username", "app_id", "application", "some other tool"), "old");

        backend.set(service, "app_id", "new");

        assertThat(fixture.items(Map.of("service", service, "username", "app_id"))).hasSize(1);
        assertThat(backend.get(service, "app_id")).contains("new");
    }

    @Test
    void getAll_someEntries_givesThePresentOnesInOneRead() {
        backend.set(service, "username", "alice");
        backend.set(service, "app_secret", "s3cr3t ünïcödé");

        assertThat(backend.getAll(service, List.of("username", "password", "app_id", "app_secret")))
                .containsExactly(Map.entry("username", "alice"), Map.entry("app_secret", "s3cr3t ünïcödé"));
    }

    @Test
    void delete_existingEntry_removesItAndSaysSo() {
        backend.set(service, "password", "x");

        assertThat(backend.delete(service, "password")).isTrue();
        assertThat(backend.delete(service, "password")).isFalse();
        assertThat(backend.get(service, "password")).isEmpty();
        assertThat(fixture.items(Map.of("service", service))).isEmpty();
    }

    @Test
    void entries_afterWrites_listsEachNameOnce() {
        backend.set(service, "a", "1");
        backend.set(service, "b", "2");
        backend.set(service, "a", "3");

        assertThat(backend.entries(service)).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void set_manyThreadsOnOneEntry_leavesOneItemWithOneOfTheValues() throws Exception {
        int threads = 12;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<String> written = new ArrayList<>();
        List<Future<?>> done = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                String value = "value-" + t;
                written.add(value);
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 5; i++) {
                        backend.set(service, "shared", value);
                        backend.set(service, "own-" + value, value);
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

        assertThat(fixture.items(Map.of("service", service, "username", "shared"))).hasSize(1);
        assertThat(backend.get(service, "shared")).hasValueSatisfying(v -> assertThat(written).contains(v));
        assertThat(fixture.items(Map.of("service", service))).hasSize(threads + 1);
        for (String value : written) {
            assertThat(backend.get(service, "own-" + value)).contains(value);
        }
    }

    @Test
    void lockedCollection_readWriteDelete_failFastAsLockedWithoutPrompt() {
        String password = "test-collection-password";
        String collection = fixture.createCollection(password);
        try (SecretServiceBackend inCollection = SecretServiceBackend.open(SecretServiceFixture.withCollection(collection))) {
            inCollection.set(service, "password", "before-lock");
            fixture.lock(collection);

            assertThat(inCollection.isLocked()).isTrue();
            assertThatThrownBy(() -> inCollection.get(service, "password"))
                    .isInstanceOfSatisfying(StoreException.class, e -> {
                        assertThat(e.kind()).isEqualTo(StoreException.Kind.LOCKED);
                        assertThat(e.getMessage()).contains("locked", "unlock");
                    });
            assertThatThrownBy(() -> inCollection.set(service, "password", "x"))
                    .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.LOCKED));
            assertThatThrownBy(() -> inCollection.delete(service, "password"))
                    .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.LOCKED));
            assertThatThrownBy(inCollection::requireUnlocked)
                    .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.LOCKED));
            // a locked collection still tells which entries exist, and an absent one is simply absent
            assertThat(inCollection.get(service, "never-written")).isEmpty();
            assertThat(fixture.isLocked(collection)).isTrue();

            fixture.unlock(collection, password);
            assertThat(inCollection.get(service, "password")).contains("before-lock");
        } finally {
            if (fixture.isLocked(collection)) {
                fixture.unlock(collection, password);
            }
        }
    }

    @Test
    void open_missingCollectionAlias_isUnavailable() {
        ProviderContext context = SecretServiceFixture.linux(ProviderContext.builder()
                .systemProperties(name -> name.equals(Setting.KEYRING_COLLECTION.systemProperty().orElseThrow()) ? "no-such-alias" : null)
                .build());

        assertThatThrownBy(() -> SecretServiceBackend.open(context))
                .isInstanceOfSatisfying(StoreException.class, e -> {
                    assertThat(e.kind()).isEqualTo(StoreException.Kind.UNAVAILABLE);
                    assertThat(e.getMessage()).contains("no-such-alias");
                });
    }

    @Test
    void open_gnomeKeyring_negotiatesAnEncryptedSession() {
        assertThat(backend.isEncrypted()).isTrue();
    }

    @Test
    void hkdfSha256_rfc5869TestCase3_givesTheKnownKey() {
        byte[] inputKey = new byte[22];
        java.util.Arrays.fill(inputKey, (byte) 0x0b);

        assertThat(java.util.HexFormat.of().formatHex(SecretSession.hkdfSha256(inputKey, 16)))
                .isEqualTo("8da4e775a563c18f715f802a063c5a31");
    }

    @Test
    void open_collectionPathThatDoesNotExist_isUnavailableNamingTheSetting() {
        assertThatThrownBy(() -> SecretServiceBackend.open(
                SecretServiceFixture.withCollection("/org/freedesktop/secrets/collection/no_such_collection")))
                .isInstanceOfSatisfying(StoreException.class, e -> {
                    assertThat(e.kind()).isEqualTo(StoreException.Kind.UNAVAILABLE);
                    assertThat(e.getMessage()).contains("no_such_collection", "INAT_AUTH_KEYRING_COLLECTION");
                });
    }

    @Test
    void serviceForgotOurSession_nextCallOpensANewOneAndSucceeds() {
        backend.set(service, "password", "before");
        String forgotten = backend.sessionPath();
        backend.forgetSession();

        assertThat(backend.get(service, "password")).contains("before");
        backend.set(service, "password", "after");
        assertThat(backend.get(service, "password")).contains("after");
        assertThat(backend.sessionPath()).isNotEqualTo(forgotten);
    }

    @Test
    void busConnectionDropped_nextCallConnectsAgainAndSucceeds() {
        backend.set(service, "username", "alice");
        backend.dropConnection();

        assertThat(backend.get(service, "username")).contains("alice");
        assertThat(backend.entries(service)).containsExactly("username");
    }

    @Test
    void describe_namesTheCollection() {
        assertThat(backend.describe()).startsWith("Secret Service collection '");
        assertThat(backend.toString()).doesNotContain("hunter2");
    }
}
