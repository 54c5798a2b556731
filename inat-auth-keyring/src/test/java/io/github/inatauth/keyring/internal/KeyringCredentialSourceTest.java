package io.github.inatauth.keyring.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.inatauth.Credentials;
import io.github.inatauth.StoreException;
import io.github.inatauth.keyring.internal.secretservice.SecretServiceFixture;
import io.github.inatauth.spi.CredentialSource.Result;
import io.github.inatauth.spi.ProviderContext;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The keyring credential source on pyinaturalist's own service {@code /inaturalist}, against the
 * throw-away keyring of {@code .ci/with-keyring}, with Python's keyring as the other side.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class KeyringCredentialSourceTest {

    private final KeyringCredentialSource source = new KeyringCredentialSource();
    private final ProviderContext context = SecretServiceFixture.linux(ProviderContext.system());
    private SecretServiceFixture fixture;

    @BeforeEach
    void start() {
        fixture = SecretServiceFixture.require();
        SecretServiceFixture.requireThrowAwayKeyring();
        source.delete(context);
    }

    @AfterEach
    void stop() {
        if (fixture != null) {
            source.delete(context);
            fixture.close();
        }
    }

    @Test
    void read_nothingSaved_isNotConfiguredWithAHint() {
        Result result = source.read(context);

        assertThat(result).isInstanceOfSatisfying(Result.NotConfigured.class,
                r -> assertThat(r.hint()).contains("/inaturalist", "username", "inat-auth login", "set_keyring_credentials"));
    }

    @Test
    void read_entriesPythonKeyringWrote_givesAllFourFields() {
        PythonKeyring.require();
        PythonKeyring.setPassword("/inaturalist", "username", "alice");
        PythonKeyring.setPassword("/inaturalist", "password", "pässwörd with spaces");
        PythonKeyring.setPassword("/inaturalist", "app_id", "app-123");
        PythonKeyring.setPassword("/inaturalist", "app_secret", "app-secret-456");

        Result result = source.read(context);

        assertThat(result).isInstanceOfSatisfying(Result.Found.class, found -> {
            assertThat(found.credentials()).isEqualTo(Credentials.of("alice", "pässwörd with spaces", "app-123", "app-secret-456"));
            assertThat(found.location()).contains("keyring service /inaturalist", "Secret Service");
        });
    }

    @Test
    void save_thenPythonKeyring_readsEveryField() {
        PythonKeyring.require();

        source.save(context, Credentials.of("bob", "hunter2", "app-1", "secret-1"));

        assertThat(PythonKeyring.getPassword("/inaturalist", "username")).isEqualTo("bob");
        assertThat(PythonKeyring.getPassword("/inaturalist", "password")).isEqualTo("hunter2");
        assertThat(PythonKeyring.getPassword("/inaturalist", "app_id")).isEqualTo("app-1");
        assertThat(PythonKeyring.getPassword("/inaturalist", "app_secret")).isEqualTo("secret-1");
    }

    @Test
    void pythonOverwritesWhatJavaSaved_oneItemPerEntryAndTheNewValueWins() {
        PythonKeyring.require();
        source.save(context, Credentials.of("bob", "old-password", "app-1", "secret-1"));

        PythonKeyring.setPassword("/inaturalist", "password", "new-password");

        assertThat(fixture.items(Map.of("service", "/inaturalist", "username", "password"))).hasSize(1);
        assertThat(source.read(context)).isInstanceOfSatisfying(Result.Found.class,
                found -> assertThat(found.credentials().password().reveal()).isEqualTo("new-password"));
    }

    @Test
    void delete_afterSave_removesTheEntriesForPythonToo() {
        PythonKeyring.require();
        source.save(context, Credentials.of("bob", "pw", "app", "secret"));

        assertThat(source.delete(context)).isTrue();

        assertThat(PythonKeyring.getPassword("/inaturalist", "password")).isNull();
        assertThat(source.read(context)).isInstanceOf(Result.NotConfigured.class);
        assertThat(source.delete(context)).isFalse();
    }

    @Test
    void save_someFields_removesTheAbsentOnes() {
        source.save(context, Credentials.of("bob", "pw", "app", "secret"));

        source.save(context, Credentials.of("carol", null, "app", null));

        assertThat(source.read(context)).isInstanceOfSatisfying(Result.Found.class, found -> {
            assertThat(found.credentials()).isEqualTo(Credentials.of("carol", null, "app", null));
        });
    }

    @Test
    void read_noBus_isNotConfiguredSoTheChainGoesOn() {
        ProviderContext noBus = SecretServiceFixture.linux(ProviderContext.builder().environment(name -> null).build());

        assertThat(source.read(noBus)).isInstanceOfSatisfying(Result.NotConfigured.class,
                r -> assertThat(r.hint()).contains("DBUS_SESSION_BUS_ADDRESS"));
    }

    @Test
    void save_noBus_throwsUnavailable() {
        ProviderContext noBus = SecretServiceFixture.linux(ProviderContext.builder().environment(name -> null).build());

        assertThatThrownBy(() -> source.save(noBus, Credentials.of("a", "b", "c", "d")))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.UNAVAILABLE));
    }

    @Test
    void read_lockedCollectionWithEntries_throwsLockedSoTheChainStops() {
        String password = "locked-source-test";
        String collection = fixture.createCollection(password);
        ProviderContext inCollection = SecretServiceFixture.withCollection(collection);
        source.save(inCollection, Credentials.of("dave", "pw", "app", "secret"));
        fixture.lock(collection);
        try {
            assertThatThrownBy(() -> source.read(inCollection))
                    .isInstanceOfSatisfying(StoreException.class, e -> {
                        assertThat(e.kind()).isEqualTo(StoreException.Kind.LOCKED);
                        assertThat(e.getMessage()).contains("locked").doesNotContain("pw");
                    });
        } finally {
            fixture.unlock(collection, password);
        }
    }

    @Test
    void read_lockedCollectionWithoutEntries_isNotConfigured() {
        String password = "locked-empty-test";
        String collection = fixture.createCollection(password);
        fixture.lock(collection);
        try {
            assertThat(source.read(SecretServiceFixture.withCollection(collection))).isInstanceOf(Result.NotConfigured.class);
        } finally {
            fixture.unlock(collection, password);
        }
    }

    @Test
    void idAndSaving_areThoseOfTheKeyringSource() {
        assertThat(source.id()).isEqualTo("keyring");
        assertThat(source.canSave()).isTrue();
    }
}
