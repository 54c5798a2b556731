package io.github.inatauth.keyring.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.inatauth.spi.CredentialSource;
import io.github.inatauth.spi.TokenStoreProvider;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** ServiceLoader finds both providers by the id users select them with. */
class DiscoveryTest {

    @Test
    void serviceLoader_findsTheKeyringSourceAndStore() {
        // the API module is the one that uses these services; the test, patched into ours, asks too
        getClass().getModule().addUses(CredentialSource.class).addUses(TokenStoreProvider.class);
        assertThat(ServiceLoader.load(CredentialSource.class).stream().map(ServiceLoader.Provider::get)
                .map(CredentialSource::id)).contains("keyring");
        assertThat(ServiceLoader.load(TokenStoreProvider.class).stream().map(ServiceLoader.Provider::get)
                .map(TokenStoreProvider::id)).contains("keyring");
    }

    @Test
    void module_exportsOnlyThePublicApi() {
        Module module = KeyringCredentialSource.class.getModule();

        assertThat(module.getName()).isEqualTo("io.github.inatauth.keyring");
        assertThat(module.getDescriptor().exports()).extracting(java.lang.module.ModuleDescriptor.Exports::source)
                .containsExactly("io.github.inatauth.keyring");
    }

}
