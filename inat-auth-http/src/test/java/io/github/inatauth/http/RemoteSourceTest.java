package io.github.inatauth.http;

import static io.github.inatauth.http.TestSupport.auth;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.inatauth.ConfigurationException;
import io.github.inatauth.CredentialReport;
import io.github.inatauth.Credentials.Field;
import io.github.inatauth.CredentialsRejectedException;
import io.github.inatauth.InatAuth;
import io.github.inatauth.ServerException;
import io.github.inatauth.StoreException;
import io.github.inatauth.StoredToken;
import io.github.inatauth.TokenType;
import io.github.inatauth.http.internal.RemoteCredentialSource;
import io.github.inatauth.spi.CredentialSource;
import io.github.inatauth.spi.ProviderContext;
import io.github.inatauth.testkit.Fault;
import io.github.inatauth.testkit.InatTestServer.Endpoint;
import io.github.inatauth.testkit.InatTestServer;
import io.github.inatauth.testkit.InatTestServerExtension;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The remote-HTTP source and the broker store (issue 5), against the testkit's secrets endpoint. */
class RemoteSourceTest {
    private static final String ALL_FIELDS = "{\"username\":\"" + InatTestServer.DEFAULT_USERNAME
            + "\",\"password\":\"" + InatTestServer.DEFAULT_PASSWORD + "\",\"app_id\":\"" + InatTestServer.DEFAULT_APP_ID
            + "\",\"app_secret\":\"" + InatTestServer.DEFAULT_APP_SECRET + "\"}";

    @RegisterExtension
    final InatTestServerExtension kit = new InatTestServerExtension();

    private InatTestServer server() {
        return kit.server();
    }

    private Map<String, String> remoteEnv(String path) {
        Map<String, String> env = new HashMap<>();
        env.put("INAT_AUTH_REMOTE_URL", server().baseUrl() + path);
        return env;
    }

    @Test
    void read_notConfigured_noRequestAndHint() {
        try (InatAuth auth = auth(server(), new HashMap<>()).build()) {
            CredentialReport report = auth.credentialReport();
            assertThat(report.sources()).anySatisfy(r -> {
                assertThat(r.sourceId()).isEqualTo("remote");
                assertThat(r.outcome()).isEqualTo(CredentialReport.Outcome.NOT_CONFIGURED);
                assertThat(r.detail()).contains("INAT_AUTH_REMOTE_URL");
            });
        }
        assertThat(server().requests()).isEmpty();
    }

    @Test
    void accessToken_fieldsAtRoot_usedForTheGrant() {
        server().serveJson("/secret", ALL_FIELDS);
        try (InatAuth auth = auth(server(), remoteEnv("/secret")).build()) {
            assertThat(auth.accessToken()).isNotEmpty();
            assertThat(auth.credentialReport().sourceOf(Field.APP_SECRET)).contains("remote");
        }
        assertThat(server().grantCount()).isEqualTo(1);
        assertThat(server().requests(Endpoint.TOKEN).get(0).params()).containsOnly(
                Map.entry("grant_type", "password"), Map.entry("username", InatTestServer.DEFAULT_USERNAME),
                Map.entry("password", InatTestServer.DEFAULT_PASSWORD), Map.entry("client_id", InatTestServer.DEFAULT_APP_ID),
                Map.entry("client_secret", InatTestServer.DEFAULT_APP_SECRET));
    }

    @Test
    void accessToken_environmentComplete_remoteNotAsked() {
        server().serveJson("/secret", ALL_FIELDS);
        Map<String, String> env = TestSupport.envWithDefaults(server());
        env.putAll(remoteEnv("/secret"));
        try (InatAuth auth = auth(server(), env).build()) {
            assertThat(auth.accessToken()).isNotEmpty();
        }
        assertThat(server().requestCount(Endpoint.BROKER)).isZero();
    }

    @Test
    void accessToken_vaultKvV2UnderPointer_readsDataData() {
        server().serveJson("/v1/secret/data/inat", "{\"request_id\":\"x\",\"data\":{\"data\":" + ALL_FIELDS
                + ",\"metadata\":{\"version\":3}}}");
        server().requireAuthorization("/v1/secret/data/inat", "Bearer vault-token");
        Map<String, String> env = remoteEnv("/v1/secret/data/inat");
        env.put("INAT_AUTH_REMOTE_POINTER", "/data/data");
        env.put("INAT_AUTH_REMOTE_AUTHORIZATION", "Bearer vault-token");
        try (InatAuth auth = auth(server(), env).build()) {
            assertThat(auth.accessToken()).isNotEmpty();
        }
        assertThat(server().requests(Endpoint.BROKER).get(0).header("Authorization")).isEqualTo("Bearer vault-token");
    }

    @Test
    void accessToken_partialFieldsMergedWithEnvironment_envWinsFirst() {
        server().serveJson("/secret", "{\"app_id\":\"" + InatTestServer.DEFAULT_APP_ID + "\",\"app_secret\":\""
                + InatTestServer.DEFAULT_APP_SECRET + "\",\"username\":\"not-this-one\"}");
        Map<String, String> env = remoteEnv("/secret");
        env.put("INAT_USERNAME", InatTestServer.DEFAULT_USERNAME);
        env.put("INAT_PASSWORD", InatTestServer.DEFAULT_PASSWORD);
        try (InatAuth auth = auth(server(), env).build()) {
            assertThat(auth.accessToken()).isNotEmpty();
            CredentialReport report = auth.credentialReport();
            assertThat(report.sourceOf(Field.USERNAME)).contains("env");
            assertThat(report.sourceOf(Field.APP_ID)).contains("remote");
        }
        assertThat(server().requests(Endpoint.TOKEN).get(0).param("username")).isEqualTo(InatTestServer.DEFAULT_USERNAME);
    }

    @Test
    void read_numericAppId_isText() {
        server().serveJson("/secret", "{\"app_id\":12345}");
        // the report shows no values, so the source itself is asked (as the library asks it)
        CredentialSource remote = new RemoteCredentialSource();
        Map<String, String> env = remoteEnv("/secret");
        CredentialSource.Result read = remote.read(ProviderContext.builder().environment(env::get).build());
        assertThat(read).isInstanceOfSatisfying(CredentialSource.Result.Found.class,
                found -> assertThat(found.credentials().appId()).isEqualTo("12345"));
        try (InatAuth auth = auth(server(), env).build()) {
            assertThat(auth.credentialReport().sourceOf(Field.APP_ID)).contains("remote");
        }
    }

    @Test
    void read_cacheControlMaxAge_answerReusedInProcess() {
        server().serveJson("/cached", ALL_FIELDS).cacheControl("/cached", "private, max-age=300");
        for (int i = 0; i < 3; i++) {
            try (InatAuth auth = auth(server(), remoteEnv("/cached")).build()) {
                assertThat(auth.credentialReport().isComplete()).isTrue();
            }
        }
        assertThat(server().requestCount(Endpoint.BROKER)).isEqualTo(1);
    }

    @Test
    void read_noCacheControl_askedEachTime() {
        server().serveJson("/uncached", ALL_FIELDS);
        for (int i = 0; i < 2; i++) {
            try (InatAuth auth = auth(server(), remoteEnv("/uncached")).build()) {
                auth.credentialReport();
            }
        }
        assertThat(server().requestCount(Endpoint.BROKER)).isEqualTo(2);
    }

    @Test
    void accessToken_broker_usesItsTokensWithZeroGrants() {
        server().brokerFor("/broker", InatTestServer.DEFAULT_USERNAME);
        Map<String, String> env = remoteEnv("/broker");
        env.put("INAT_AUTH_STORE", "remote");
        try (InatAuth auth = auth(server(), env).store("remote").build()) {
            assertThat(auth.storeId()).isEqualTo("remote");
            String jwt = auth.accessToken();
            assertThat(auth.isValid(jwt)).isTrue();
            assertThat(auth.accessToken(TokenType.OAUTH)).isNotEmpty();
            assertThat(auth.storedTokens()).hasSize(2);
        }
        assertThat(server().requestCount(Endpoint.TOKEN)).isZero();
        assertThat(server().requestCount(Endpoint.API_TOKEN)).isZero();
    }

    @Test
    void accessToken_brokerSelectedByEnvironment_usesItsTokens() {
        server().brokerFor("/broker", InatTestServer.DEFAULT_USERNAME);
        Map<String, String> env = remoteEnv("/broker");
        env.put("INAT_AUTH_STORE", "remote");
        Map<String, String> props = TestSupport.fastRetryProperties();
        try (InatAuth auth = InatAuth.builder().environment(env::get).systemProperties(props::get)
                .baseUrl(server().baseUrl().toString()).build()) {
            assertThat(auth.storeId()).isEqualTo("remote");
            assertThat(auth.accessToken()).isNotEmpty();
        }
        assertThat(server().requestCount(Endpoint.TOKEN)).isZero();
    }

    @Test
    void load_expiresAtAsIsoOrEpoch_isTheExpiry() {
        String jwt = server().issueJwt(InatTestServer.DEFAULT_USERNAME);
        // a year from now, on the clock the store judges by (the system's): the test holds on any day
        Instant at = Instant.now().plus(Duration.ofDays(365)).truncatedTo(ChronoUnit.SECONDS);
        server().serveJson("/iso", "{\"api_token\":\"" + jwt + "\",\"expires_at\":\"" + at + "\"}");
        server().serveJson("/epoch", "{\"api_token\":\"" + jwt + "\",\"expires_at\":" + at.getEpochSecond() + "}");
        for (String path : new String[] {"/iso", "/epoch"}) {
            try (InatAuth auth = auth(server(), remoteEnv(path)).store("remote").build()) {
                assertThat(auth.accessToken()).isEqualTo(jwt);
                assertThat(auth.storedTokens()).extracting(StoredToken::expiresAt).containsExactly(at);
            }
        }
    }

    @Test
    void open_remoteStoreWithoutUrl_notConfigured() {
        Map<String, String> env = new HashMap<>();
        assertThatThrownBy(() -> auth(server(), env).store("remote").build())
                .isInstanceOfSatisfying(StoreException.class, e -> {
                    assertThat(e.kind()).isEqualTo(StoreException.Kind.NOT_CONFIGURED);
                    assertThat(e.getMessage()).contains("INAT_AUTH_REMOTE_URL");
                });
    }

    @Test
    void read_unauthorizedOrForbidden_rejectedNamingUrlNotHeader() {
        server().serveJson("/guarded", ALL_FIELDS).requireAuthorization("/guarded", "Bearer right-value");
        Map<String, String> env = remoteEnv("/guarded");
        env.put("INAT_AUTH_REMOTE_AUTHORIZATION", "Bearer wrong-value-123");
        try (InatAuth auth = auth(server(), env).build()) {
            assertThatThrownBy(auth::accessToken).isInstanceOfSatisfying(CredentialsRejectedException.class, e -> {
                assertThat(e.statusCode()).isEqualTo(401);
                assertThat(e.getMessage()).contains(server().baseUrl() + "/guarded")
                        .contains("INAT_AUTH_REMOTE_AUTHORIZATION").doesNotContain("wrong-value-123");
            });
        }
        server().failNext(Endpoint.BROKER, Fault.status(403));
        try (InatAuth auth = auth(server(), env).build()) {
            assertThatThrownBy(auth::accessToken).isInstanceOfSatisfying(CredentialsRejectedException.class,
                    e -> assertThat(e.statusCode()).isEqualTo(403));
        }
        assertThat(server().requestCount(Endpoint.TOKEN)).isZero(); // a broken source stops the chain
    }

    @Test
    void read_notFound_serverExceptionNamingUrl() {
        try (InatAuth auth = auth(server(), remoteEnv("/nothing-here")).build()) {
            assertThatThrownBy(auth::accessToken).isInstanceOfSatisfying(ServerException.class, e -> {
                assertThat(e.statusCode()).hasValue(404);
                assertThat(e.getMessage()).contains(server().baseUrl() + "/nothing-here");
            });
        }
    }

    @Test
    void read_serverError_retriedThenStopsTheChain() {
        server().serveJson("/secret", ALL_FIELDS).failAlways(Endpoint.BROKER, Fault.status(500));
        Map<String, String> env = TestSupport.envWithDefaults(server());
        env.putAll(remoteEnv("/secret"));
        env.remove("INAT_APP_SECRET");
        try (InatAuth auth = auth(server(), env).build()) {
            assertThatThrownBy(auth::accessToken).isInstanceOfSatisfying(ServerException.class,
                    e -> assertThat(e.statusCode()).hasValue(500));
        }
        assertThat(server().requestCount(Endpoint.BROKER)).isEqualTo(3);
        assertThat(server().requestCount(Endpoint.TOKEN)).isZero();
    }

    @Test
    void read_notJson_serverException() {
        server().serveJson("/secret", ALL_FIELDS).failNext(Endpoint.BROKER, Fault.nonJson());
        try (InatAuth auth = auth(server(), remoteEnv("/secret")).build()) {
            assertThatThrownBy(auth::accessToken).isInstanceOf(ServerException.class)
                    .hasMessageContaining("text/html").hasMessageContaining("not a JSON document");
        }
    }

    @Test
    void read_tooLarge_serverException() {
        server().serveJson("/secret", ALL_FIELDS).failNext(Endpoint.BROKER, Fault.oversizedBody(100_000));
        try (InatAuth auth = auth(server(), remoteEnv("/secret")).build()) {
            assertThatThrownBy(auth::accessToken).isInstanceOf(ServerException.class).hasMessageContaining("64 KiB");
        }
    }

    @Test
    void read_pointerToNothing_configurationException() {
        server().serveJson("/secret", ALL_FIELDS);
        Map<String, String> env = remoteEnv("/secret");
        env.put("INAT_AUTH_REMOTE_POINTER", "/data/data");
        try (InatAuth auth = auth(server(), env).build()) {
            assertThatThrownBy(auth::accessToken).isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("/data/data");
        }
    }

    @Test
    void read_deadPort_serverExceptionNamingUrl() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Map<String, String> env = new HashMap<>();
        env.put("INAT_AUTH_REMOTE_URL", "http://127.0.0.1:" + port + "/secret");
        try (InatAuth auth = auth(server(), env).build()) {
            assertThatThrownBy(auth::accessToken).isInstanceOf(ServerException.class)
                    .hasMessageContaining("http://127.0.0.1:" + port + "/secret");
        }
    }

    @Test
    void read_plainHttpToAnotherHost_refused() {
        Map<String, String> env = new HashMap<>();
        env.put("INAT_AUTH_REMOTE_URL", "http://vault.example.org/v1/secret/data/inat");
        try (InatAuth auth = auth(server(), env).build()) {
            assertThatThrownBy(auth::accessToken).isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("https://");
        }
    }

    @Test
    void read_urlWithQueryFragmentOrUserInfo_refusedWithoutShowingThem() {
        for (String url : List.of(server().baseUrl() + "/secret?token=query-secret-987",
                server().baseUrl() + "/secret#query-secret-987",
                server().baseUrl().toString().replace("://", "://vault:query-secret-987@") + "/secret")) {
            server().serveJson("/secret", ALL_FIELDS);
            Map<String, String> env = new HashMap<>(Map.of("INAT_AUTH_REMOTE_URL", url));
            try (InatAuth auth = auth(server(), env).build()) {
                assertThatThrownBy(auth::accessToken).as(url).isInstanceOf(ConfigurationException.class)
                        .hasMessageContaining("INAT_AUTH_REMOTE_URL")
                        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("query-secret-987"));
            }
        }
        assertThat(server().requests()).isEmpty();
    }

    @Test
    void read_upperCaseScheme_accepted() {
        server().serveJson("/secret", ALL_FIELDS);
        Map<String, String> env = new HashMap<>(Map.of("INAT_AUTH_REMOTE_URL",
                server().baseUrl().toString().replace("http://", "HTTP://") + "/secret"));
        try (InatAuth auth = auth(server(), env).build()) {
            assertThat(auth.accessToken()).startsWith("eyJ");
        }
    }

    @Test
    void read_delayedPastRequestTimeout_serverException() {
        server().serveJson("/slow", ALL_FIELDS).failNext(Endpoint.BROKER, Fault.delay(Duration.ofSeconds(3)));
        try (InatAuth auth = auth(server(), remoteEnv("/slow")).requestTimeout(Duration.ofMillis(300)).build()) {
            assertThatThrownBy(auth::accessToken).isInstanceOf(ServerException.class)
                    .hasMessageContaining("timeout");
        }
    }
}
