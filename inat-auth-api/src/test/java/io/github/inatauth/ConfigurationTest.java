package io.github.inatauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.inatauth.spi.ProviderContext;
import io.github.inatauth.testkit.CountingIssuer;
import io.github.inatauth.testkit.MutableClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigurationTest {
    /** The engine and the issuer share this clock, so token lifetimes hold on any day. */
    private final MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));
    private final CountingIssuer issuer = new CountingIssuer(clock);

    private InatAuth.Builder builder(Map<String, String> env) {
        return InatAuth.builder().environment(env::get).systemProperties(k -> null).issuer(issuer.provider()).clock(clock);
    }

    @Test
    void build_contextKnobsReachTheProvidersContext_asTheyWereAtBuild() {
        List<ProviderContext> seen = new ArrayList<>();
        InatAuth.Builder b = builder(Map.of("XDG_CONFIG_HOME", "/cfg")).issuer(context -> {
            seen.add(context);
            return issuer;
        }).baseUrl("https://inat.example/").connectTimeout(Duration.ofSeconds(3)).requestTimeout(Duration.ofSeconds(4))
                .callTimeout(Duration.ofSeconds(5));
        try (InatAuth first = b.build()) {
            b.baseUrl("https://later.example").callTimeout(Duration.ofSeconds(6)); // after build: not for `first`
            try (InatAuth second = b.build()) {
                assertThat(seen).hasSize(2);
                assertThat(first).isNotSameAs(second);
                ProviderContext c = seen.get(0);
                assertThat(c.baseUrl()).isEqualTo(URI.create("https://inat.example"));
                assertThat(c.apiUrl()).isEqualTo(URI.create("https://inat.example/v1"));
                assertThat(List.of(c.connectTimeout(), c.requestTimeout(), c.callTimeout()))
                        .containsExactly(Duration.ofSeconds(3), Duration.ofSeconds(4), Duration.ofSeconds(5));
                assertThat(c.clock()).isSameAs(clock);
                assertThat(c.environment("XDG_CONFIG_HOME")).contains("/cfg");
                assertThat(seen.get(1).baseUrl()).isEqualTo(URI.create("https://later.example"));
                assertThat(seen.get(1).callTimeout()).isEqualTo(Duration.ofSeconds(6));
            }
        }
    }

    @Test
    void builder_nonPositiveTimeout_isRefusedWhereItIsGiven() {
        assertThatThrownBy(() -> InatAuth.builder().connectTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
        assertThatThrownBy(() -> InatAuth.builder().callTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
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
    void build_nothingChosen_defaultsToMemoryStoreAndDiscoveredEnvAndCommandSources() {
        try (InatAuth auth = builder(Map.of()).build()) {
            assertThat(auth.storeId()).isEqualTo("memory");
            assertThat(auth.credentialReport().sources()).extracting(CredentialReport.SourceReport::sourceId)
                    .containsExactly("env", "command");
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

    @Test
    void build_urlWithUserInfoQueryOrFragment_refusedWithoutShowingThem() {
        for (String bad : List.of("https://alice:pw-31f0@example.org", "https://example.org/?key=pw-31f0",
                "https://example.org/#pw-31f0", "https://alice:pw-31f0@exa mple.org")) {
            assertThatThrownBy(() -> builder(Map.of("INAT_AUTH_BASE_URL", bad)).build()).as(bad)
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("INAT_AUTH_BASE_URL")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("pw-31f0").doesNotContain("alice"));
            assertThatThrownBy(() -> builder(Map.of("INAT_AUTH_API_URL", bad)).build()).as(bad)
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("INAT_AUTH_API_URL")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("pw-31f0").doesNotContain("alice"));
            assertThatThrownBy(() -> InatAuth.builder().baseUrl(bad)).as(bad).isInstanceOf(ConfigurationException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("pw-31f0").doesNotContain("alice"));
            assertThatThrownBy(() -> ProviderContext.builder().apiUrl(URI.create(bad.replace(" ", "")))).as(bad)
                    .isInstanceOf(ConfigurationException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("pw-31f0").doesNotContain("alice"));
        }
    }

    @Test
    void build_upperCaseScheme_acceptedAndNormalizedToLowerCase() {
        try (InatAuth auth = builder(Map.of("INAT_AUTH_BASE_URL", "HTTPS://example.org/")).store("none").build()) {
            assertThat(auth).isNotNull();
        }
        ProviderContext context = ProviderContext.builder().baseUrl(URI.create("HTTPS://example.org/"))
                .apiUrl(URI.create("Https://api.example.org/v1/")).build();
        assertThat(context.baseUrl()).isEqualTo(URI.create("https://example.org"));
        assertThat(context.apiUrl()).isEqualTo(URI.create("https://api.example.org/v1"));
    }
}
