package io.github.inatauth.keyring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.inatauth.Credentials;
import io.github.inatauth.StoreException;
import io.github.inatauth.keyring.internal.PythonKeyring;
import io.github.inatauth.keyring.internal.secretservice.SecretServiceFixture;
import io.github.inatauth.spi.ProviderContext;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The public API: pyinaturalist's get/set_keyring_credentials in Java. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class KeyringTest {

    private final ProviderContext context = SecretServiceFixture.linux(ProviderContext.system());

    @Test
    void saveLoadDelete_roundTrip_andPythonSeesTheSameEntries() {
        SecretServiceFixture.require().close();
        SecretServiceFixture.requireThrowAwayKeyring();
        PythonKeyring.require();
        Credentials credentials = Credentials.of("erin", "pw-erin", "app-e", "secret-e");

        Keyring.save(context, credentials);
        try {
            assertThat(Keyring.load(context)).isEqualTo(credentials);
            assertThat(PythonKeyring.getPassword(Keyring.SERVICE, "password")).isEqualTo("pw-erin");
        } finally {
            assertThat(Keyring.delete(context)).isTrue();
        }
        assertThat(Keyring.load(context).isEmpty()).isTrue();
    }

    @Test
    void load_noBus_throwsUnavailableWithWhatToDo() {
        ProviderContext noBus = SecretServiceFixture.linux(ProviderContext.builder().environment(name -> null).build());

        assertThatThrownBy(() -> Keyring.load(noBus))
                .isInstanceOfSatisfying(StoreException.class, e -> {
                    assertThat(e.kind()).isEqualTo(StoreException.Kind.UNAVAILABLE);
                    assertThat(e.getMessage()).contains("DBUS_SESSION_BUS_ADDRESS", "dbus-run-session");
                });
    }
}
