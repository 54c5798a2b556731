package io.github.inatauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.inatauth.testkit.CountingIssuer;
import io.github.inatauth.testkit.MutableClock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigurationTest {
    private final CountingIssuer issuer = new CountingIssuer(MutableClock.at(Instant.parse("2026-01-01T00:00:00Z")));

    private InatAuth.Builder builder(Map<String, String> env) {
        return InatAuth.builder().environment(env::get).systemProperties(k -> null).issuer(issuer.provider());
    }

    @Test
    void build_unknownSourceId_errorListsAvailableIds() {
        assertThatThrownBy(() -> builder(Map.of("INAT_AUTH_SOURCES", "env,keyring")).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("Unknown credential source 'keyring'")
                .hasMessageContaining("available: env")
                .hasMessageContaining("io.github.inatauth.keyring");
    }

    @Test
    void build_unknownStoreId_errorListsAvailableIds() {
        assertThatThrownBy(() -> builder(Map.of("INAT_AUTH_STORE", "vault")).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("Unknown token store 'vault'")
                .hasMessageContaining("memory, none");
    }

    @Test
    void build_noIssuerModule_errorNamesTheModuleToAdd() {
        assertThatThrownBy(() -> InatAuth.builder().environment(k -> null).systemProperties(k -> null).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("io.github.inatauth.http")
                .hasMessageContaining("inat-auth-http");
    }

    @Test
    void build_nothingChosen_defaultsToMemoryStoreAndDiscoveredEnvSource() {
        try (InatAuth auth = builder(Map.of()).build()) {
            assertThat(auth.storeId()).isEqualTo("memory");
            assertThat(auth.credentialReport().sources()).extracting(CredentialReport.SourceReport::sourceId)
                    .containsExactly("env");
        }
    }

    @Test
    void build_storeNone_keepsTokensInTheInstanceOnly() {
        Map<String, String> env = Map.of("INAT_AUTH_STORE", "none", "INAT_USERNAME", "u", "INAT_PASSWORD", "p",
                "INAT_APP_ID", "a", "INAT_APP_SECRET", "s");
        try (InatAuth auth = builder(env).build()) {
            auth.accessToken();
            assertThat(auth.storeId()).isEqualTo("none");
            assertThat(auth.storedTokens()).hasSize(2);
        }
    }

    @Test
    void build_systemPropertyBeatsEnvironmentAndBuilderBeatsBoth() {
        Map<String, String> props = Map.of("inat.auth.store", "none", "inat.auth.baseUrl", "http://127.0.0.1:9");
        try (InatAuth auth = builder(Map.of("INAT_AUTH_STORE", "vault")).systemProperties(props::get).build()) {
            assertThat(auth.storeId()).isEqualTo("none");
        }
        try (InatAuth auth = builder(Map.of("INAT_AUTH_STORE", "vault")).systemProperties(props::get).store("memory").build()) {
            assertThat(auth.storeId()).isEqualTo("memory");
        }
    }

    @Test
    void build_badBaseUrl_clearError() {
        assertThatThrownBy(() -> builder(Map.of("INAT_AUTH_BASE_URL", "ftp://example.org")).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("must be an http or https URL");
    }
}
