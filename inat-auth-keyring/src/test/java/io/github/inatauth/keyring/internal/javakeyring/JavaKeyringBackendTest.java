package io.github.inatauth.keyring.internal.javakeyring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.github.javakeyring.Keyring;
import com.github.javakeyring.PasswordAccessException;
import io.github.inatauth.StoreException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The java-keyring adapter for macOS and Windows. Keychain and Credential Manager cannot run here,
 * so java-keyring's {@link Keyring} is a Mockito mock that behaves like them: a missing entry is an
 * exception whose text names it.
 */
class JavaKeyringBackendTest {

    private final Map<String, String> entries = new HashMap<>();
    private Keyring keyring;
    private JavaKeyringBackend backend;

    @BeforeEach
    void mockKeyring() throws Exception {
        keyring = mock(Keyring.class);
        when(keyring.getPassword(anyString(), anyString())).thenAnswer(call -> {
            String value = entries.get(call.getArgument(0) + "|" + call.getArgument(1));
            if (value == null) {
                throw new PasswordAccessException("No stored credentials match " + call.getArgument(0));
            }
            return value;
        });
        doAnswer(call -> entries.put(call.getArgument(0) + "|" + call.getArgument(1), call.getArgument(2)))
                .when(keyring).setPassword(anyString(), anyString(), anyString());
        doAnswer(call -> {
            if (entries.remove(call.getArgument(0) + "|" + call.getArgument(1)) == null) {
                throw new PasswordAccessException("No password to delete.");
            }
            return null;
        }).when(keyring).deletePassword(anyString(), anyString());
        backend = new JavaKeyringBackend(keyring, "macOS Keychain");
    }

    @Test
    void set_thenGet_passesServiceAndEntryAsJavaKeyringServiceAndAccount() throws Exception {
        backend.set("/inaturalist", "password", "pw");

        verify(keyring).setPassword("/inaturalist", "password", "pw");
        assertThat(backend.get("/inaturalist", "password")).contains("pw");
    }

    @Test
    void get_missingEntry_isEmpty() {
        assertThat(backend.get("/inaturalist", "username")).isEmpty();
    }

    @Test
    void get_otherFailure_isAnIoStoreException() throws Exception {
        doThrow(new PasswordAccessException("Error code 5")).when(keyring).getPassword("/inaturalist", "password");

        assertThatThrownBy(() -> backend.get("/inaturalist", "password"))
                .isInstanceOfSatisfying(StoreException.class, e -> {
                    assertThat(e.kind()).isEqualTo(StoreException.Kind.IO);
                    assertThat(e.getMessage()).contains("macOS Keychain", "Error code 5");
                });
    }

    @Test
    void windowsNotFoundError_isAbsent() throws Exception {
        doThrow(new PasswordAccessException("Error code 1168")).when(keyring).getPassword("/inaturalist", "app_id");

        assertThat(backend.get("/inaturalist", "app_id")).isEmpty();
    }

    @Test
    void delete_existing_removesAndSaysSo_missing_saysNot() {
        backend.set("/inaturalist/inat-auth", "jwt|a|b|c", "t");

        assertThat(backend.delete("/inaturalist/inat-auth", "jwt|a|b|c")).isTrue();
        assertThat(backend.delete("/inaturalist/inat-auth", "jwt|a|b|c")).isFalse();
        assertThat(backend.get("/inaturalist/inat-auth", "jwt|a|b|c")).isEmpty();
    }

    @Test
    void entries_keptInAnIndexEntry_listsWhatIsThere() {
        backend.set("/inaturalist/inat-auth", "one", "1");
        backend.set("/inaturalist/inat-auth", "two", "2");
        backend.set("/inaturalist/inat-auth", "one", "1b");
        backend.delete("/inaturalist/inat-auth", "two");

        assertThat(backend.entries("/inaturalist/inat-auth")).containsExactly("one");
        assertThat(entries).containsKey("/inaturalist/inat-auth|" + JavaKeyringBackend.INDEX_ENTRY);

        backend.delete("/inaturalist/inat-auth", "one");
        assertThat(backend.entries("/inaturalist/inat-auth")).isEmpty();
        assertThat(entries).isEmpty();
    }

    @Test
    void entries_entryRemovedBehindOurBack_isLeftOut() {
        backend.set("/inaturalist/inat-auth", "gone", "x");
        entries.remove("/inaturalist/inat-auth|gone");

        assertThat(backend.entries("/inaturalist/inat-auth")).isEqualTo(List.of());
    }

    @Test
    void close_closesJavaKeyring() throws Exception {
        backend.close();

        verify(keyring).close();
    }

    @Test
    void open_keychainOnThisNonMacMachine_isUnavailable() {
        assertThatThrownBy(() -> JavaKeyringBackend.open("Mac OS X"))
                .isInstanceOfSatisfying(StoreException.class, e -> {
                    assertThat(e.kind()).isEqualTo(StoreException.Kind.UNAVAILABLE);
                    assertThat(e.getMessage()).contains("macOS Keychain");
                });
    }

    @Test
    void describeAndToString_nameTheKeyringOnly() {
        backend.set("/inaturalist", "password", "sentinel-secret");

        assertThat(backend.describe()).isEqualTo("macOS Keychain");
        assertThat(backend.toString()).doesNotContain("sentinel-secret");
    }
}
