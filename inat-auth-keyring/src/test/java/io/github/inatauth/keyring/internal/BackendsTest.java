package io.github.inatauth.keyring.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.inatauth.StoreException;
import io.github.inatauth.spi.CredentialSource.Result;
import io.github.inatauth.spi.ProviderContext;
import org.junit.jupiter.api.Test;

/** The keyring is chosen by os.name; one that cannot serve here is absent, not broken. */
class BackendsTest {

    private static ProviderContext os(String name) {
        return ProviderContext.builder().systemProperties(p -> p.equals("os.name") ? name : null)
                .environment(v -> null).build();
    }

    @Test
    void open_macOSOrWindowsWithoutTheirKeyring_isUnavailable() {
        for (String os : new String[] {"Mac OS X", "Windows 11"}) {
            assertThatThrownBy(() -> Backends.open(os(os)))
                    .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.isAbsent()).isTrue());
        }
    }

    @Test
    void source_onWindowsWithoutCredentialManager_isNotConfigured() {
        assertThat(new KeyringCredentialSource().read(os("Windows 11"))).isInstanceOfSatisfying(
                Result.NotConfigured.class, r -> assertThat(r.hint()).contains("Windows Credential Manager"));
    }

    @Test
    void open_linuxWithoutBus_isTheSecretServiceSaysSo() {
        assertThatThrownBy(() -> Backends.open(os("Linux")))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.getMessage()).contains("D-Bus"));
    }
}
