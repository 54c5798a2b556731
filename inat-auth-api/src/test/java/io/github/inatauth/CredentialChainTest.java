package io.github.inatauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.inatauth.CredentialReport.Outcome;
import io.github.inatauth.Credentials.Field;
import io.github.inatauth.spi.CredentialSource;
import io.github.inatauth.spi.ProviderContext;
import io.github.inatauth.testkit.CountingIssuer;
import io.github.inatauth.testkit.MutableClock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CredentialChainTest {
    private final Map<String, String> env = new HashMap<>();
    /** The engine and the issuer share this clock, so token lifetimes hold on any day. */
    private final MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));
    private final CountingIssuer issuer = new CountingIssuer(clock);

    /** A source like the keyring: fixed fields, counting how often it is asked. */
    static final class FixedSource implements CredentialSource {
        final String id;
        final Credentials credentials;
        final AtomicInteger reads = new AtomicInteger();

        FixedSource(String id, Credentials credentials) {
            this.id = id;
            this.credentials = credentials;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public Result read(ProviderContext context) {
            reads.incrementAndGet();
            return credentials == null ? new Result.NotConfigured("run `inat-auth login --store " + id + "`")
                    : new Result.Found(credentials, id + " entries");
        }
    }

    private InatAuth.Builder builder() {
        return InatAuth.builder().environment(env::get).systemProperties(k -> null).store("none").issuer(issuer.provider()).clock(clock);
    }

    private void fullEnvironment() {
        env.put("INAT_USERNAME", "env-user");
        env.put("INAT_PASSWORD", "env-password");
        env.put("INAT_APP_ID", "env-app");
        env.put("INAT_APP_SECRET", "env-secret");
    }

    @Test
    void accessToken_environmentAlone_isEnoughAndKeyringNotAsked() {
        fullEnvironment();
        FixedSource keyring = new FixedSource("keyring", Credentials.of("k", "k", "k", "k"));
        try (InatAuth auth = builder().addSource(keyring).sources("env", "keyring").build()) {
            assertThat(auth.accessToken()).startsWith("eyJ");
        }
        assertThat(issuer.lastGrantCredentials()).isEqualTo(Credentials.of("env-user", "env-password", "env-app", "env-secret"));
        assertThat(keyring.reads).hasValue(0);
    }

    @Test
    void accessToken_tokenInStoreAndKeyFieldsKnown_keyringNotAsked() {
        // issue 13.7: a keyring on a dead bus must not cost a command whose token is kept
        env.put("INAT_USERNAME", "kept-token-user");
        env.put("INAT_APP_ID", "kept-token-app");
        FixedSource keyring = new FixedSource("keyring", Credentials.of(null, "k-password", null, "k-secret"));
        String first;
        try (InatAuth auth = builder().store("memory").addSource(keyring).sources("env", "keyring").build()) {
            first = auth.accessToken();
        }
        assertThat(keyring.reads).as("the grant needed the password").hasValue(1);

        try (InatAuth auth = builder().store("memory").addSource(keyring).sources("env", "keyring").build()) {
            assertThat(auth.accessToken()).isEqualTo(first);
            assertThat(auth.accessToken(TokenType.OAUTH)).isNotEmpty();
        }
        assertThat(keyring.reads).as("nothing it could give was missing").hasValue(1);
        assertThat(issuer.lastGrantCredentials())
                .isEqualTo(Credentials.of("kept-token-user", "k-password", "kept-token-app", "k-secret"));
    }

    @Test
    void accessToken_explicitAppAndEnvironmentUser_mergesFieldByField() {
        env.put("INAT_USERNAME", "env-user");
        env.put("INAT_PASSWORD", "env-password");
        try (InatAuth auth = builder().sources("env").appId("code-app").appSecret("code-secret").build()) {
            auth.accessToken();
            CredentialReport report = auth.credentialReport();
            assertThat(report.sourceOf(Field.USERNAME)).contains("env");
            assertThat(report.sourceOf(Field.APP_ID)).contains("explicit");
        }
        assertThat(issuer.lastGrantCredentials()).isEqualTo(Credentials.of("env-user", "env-password", "code-app", "code-secret"));
    }

    /** Issue 16.6: what application code gets back holds no value, only a masked form of each field. */
    @Test
    void credentialReport_showsFieldsMaskedAndWhence_neverAValue() {
        env.put("INAT_USERNAME", "env-username");
        env.put("INAT_PASSWORD", "env-password-long");
        try (InatAuth auth = builder().sources("env").appId("app").build()) {
            CredentialReport report = auth.credentialReport();
            assertThat(report.presentFields()).containsExactly(Field.USERNAME, Field.PASSWORD, Field.APP_ID);
            assertThat(report.missingFields()).containsExactly(Field.APP_SECRET);
            assertThat(report.isComplete()).isFalse();
            assertThat(report.has(Field.APP_SECRET)).isFalse();
            assertThat(report.masked(Field.USERNAME)).contains("en***");
            assertThat(report.masked(Field.PASSWORD)).contains("en***");
            assertThat(report.masked(Field.APP_ID)).as("short values show nothing").contains("***");
            assertThat(report.masked(Field.APP_SECRET)).isEmpty();
            assertThat(report.sourceOf(Field.APP_ID)).contains("explicit");
            assertThat(report.toString()).doesNotContain("env-username", "env-password-long");
            assertThat(java.util.Arrays.stream(report.getClass().getRecordComponents())
                    .map(c -> c.getType().getName())).doesNotContain(Credentials.class.getName(), Secret.class.getName());
        }
    }

    @Test
    void accessToken_laterSource_neverOverwritesEarlierField() {
        env.put("INAT_USERNAME", "env-user");
        FixedSource keyring = new FixedSource("keyring", Credentials.of("keyring-user", "kr-password", "kr-app", "kr-secret"));
        try (InatAuth auth = builder().addSource(keyring).sources("env", "keyring").appId("code-app").build()) {
            auth.accessToken();
        }
        Credentials used = issuer.lastGrantCredentials();
        assertThat(used.username()).isEqualTo("env-user");
        assertThat(used.appId()).isEqualTo("code-app");
        assertThat(used.password().reveal()).isEqualTo("kr-password");
    }

    @Test
    void accessToken_keyringAlone_grantCarriesExactlyItsValues() {
        FixedSource keyring = new FixedSource("keyring", Credentials.of("kr-user", "kr-password", "kr-app", "kr-secret"));
        try (InatAuth auth = builder().addSource(keyring).sources("env", "keyring").build()) {
            auth.accessToken();
        }
        assertThat(issuer.lastGrantCredentials()).isEqualTo(keyring.credentials);
    }

    @Test
    void accessToken_missingFields_errorNamesMissingAndEverySourceAsked() {
        env.put("INAT_USERNAME", "env-user");
        env.put("INAT_APP_ID", "env-app");
        FixedSource keyring = new FixedSource("keyring", null);
        try (InatAuth auth = builder().addSource(keyring).sources("env", "keyring").build()) {
            assertThatThrownBy(auth::accessToken)
                    .isInstanceOf(MissingCredentialsException.class)
                    .hasMessageContaining("no password, app_secret")
                    .hasMessageContaining("env (environment variables INAT_USERNAME, INAT_APP_ID) gave username, app_id")
                    .hasMessageContaining("keyring: not configured, run `inat-auth login --store keyring`")
                    .hasMessageContaining("INAT_PASSWORD, INAT_APP_SECRET")
                    .satisfies(e -> assertThat(((MissingCredentialsException) e).missingFields())
                            .containsExactly(Field.PASSWORD, Field.APP_SECRET));
        }
        assertThat(issuer.grants).hasValue(0);
    }

    @Test
    void accessToken_noSourceSelected_saysSo() {
        try (InatAuth auth = builder().sources().build()) {
            assertThatThrownBy(auth::accessToken).isInstanceOf(MissingCredentialsException.class)
                    .hasMessageContaining("No credential source was asked");
        }
    }

    @Test
    void accessToken_brokenSource_stopsTheChainWithItsOwnError() {
        CredentialSource broken = new CredentialSource() {
            @Override
            public String id() {
                return "file";
            }

            @Override
            public Result read(ProviderContext context) {
                throw new StoreException(StoreException.Kind.DAMAGED, "The credentials file is damaged.");
            }
        };
        FixedSource later = new FixedSource("later", Credentials.of("u", "p", "a", "s"));
        try (InatAuth auth = builder().addSource(broken).addSource(later).sources("file", "later").build()) {
            assertThatThrownBy(auth::accessToken).isInstanceOf(StoreException.class).hasMessageContaining("damaged");
            CredentialReport report = auth.credentialReport();
            assertThat(report.sources()).extracting(CredentialReport.SourceReport::outcome)
                    .containsExactly(Outcome.FAILED, Outcome.FOUND);
        }
        assertThat(later.reads).hasValue(1); // only the report went on past the broken source
    }

    @Test
    void credentialReport_completeEarly_laterSourcesNotAsked() {
        fullEnvironment();
        FixedSource keyring = new FixedSource("keyring", Credentials.of("k", "k", "k", "k"));
        try (InatAuth auth = builder().addSource(keyring).sources("env", "keyring").build()) {
            CredentialReport report = auth.credentialReport();
            assertThat(report.sources().get(1).outcome()).isEqualTo(Outcome.NOT_ASKED);
            assertThat(report.isComplete()).isTrue();
        }
    }

    @Test
    void sources_fromSystemPropertyBeatEnvironmentVariable() {
        fullEnvironment();
        env.put("INAT_AUTH_SOURCES", "nonexistent");
        FixedSource keyring = new FixedSource("keyring", Credentials.of("kr", "kr", "kr", "kr"));
        Map<String, String> props = Map.of("inat.auth.sources", "keyring");
        try (InatAuth auth = builder().systemProperties(props::get).addSource(keyring).build()) {
            auth.accessToken();
        }
        assertThat(issuer.lastGrantCredentials().username()).isEqualTo("kr");
    }
}
