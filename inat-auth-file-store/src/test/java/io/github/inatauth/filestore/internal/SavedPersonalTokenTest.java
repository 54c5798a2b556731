package io.github.inatauth.filestore.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.inatauth.InatAuth;
import io.github.inatauth.PersonalTokenReport;
import io.github.inatauth.testkit.InatTestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A personal API token saved in the file store (as {@code inat-auth login --api-token --store file}
 * does) serves an instance that is configured with nothing but the store's key, even when its own token
 * store is another: the token's renewals stay in the file store, and an invalidated renewal leaves it.
 */
class SavedPersonalTokenTest {
    private static final Duration LIFE = Duration.ofHours(1);

    @TempDir
    Path temp;

    @Test
    void savedToken_servesAnInstanceWithNothingElse_renewalsStayInTheFileStore() throws Exception {
        try (InatTestServer server = InatTestServer.builder().jwtLifetime(LIFE).start()) {
            Path keyFile = TestStores.newKeyFile(temp, 14);
            Map<String, String> env = Map.of("INAT_AUTH_HOME", temp.resolve("store").toString(),
                    "INAT_AUTH_KEY_FILE", keyFile.toString(), "INAT_AUTH_BASE_URL", server.baseUrl().toString());
            String stale = server.issueApiToken(InatTestServer.DEFAULT_USERNAME, LIFE.minusMinutes(3));
            try (InatAuth login = InatAuth.builder().environment(env::get).systemProperties(n -> null)
                    .apiToken(stale).store("file").build()) {
                PersonalTokenReport saved = login.savePersonalToken();
                assertThat(saved.origin()).isEqualTo("InatAuth.Builder.apiToken");
            }

            try (InatAuth later = InatAuth.builder().environment(env::get).systemProperties(n -> null)
                    .store("memory").build()) {
                String renewed = later.accessToken();
                assertThat(renewed).isNotEqualTo(stale);
                PersonalTokenReport report = later.personalToken().orElseThrow();
                assertThat(report.storeId()).isEqualTo("file");
                assertThat(report.origin()).isEqualTo("the file store");
                assertThat(report.renewed()).isTrue();
                assertThat(fileTokens(env)).containsValue(renewed);

                later.invalidate(renewed); // as after a 401 from the API
                assertThat(fileTokens(env)).doesNotContainValue(renewed);
            }
            assertThat(server.jwtCount()).isEqualTo(1);
            assertThat(server.grantCount()).isZero();
        }
    }

    private static Map<String, String> fileTokens(Map<String, String> env) {
        try (var store = TestStores.open(TestStores.context(env, Map.of()))) {
            Map<String, String> values = new java.util.HashMap<>();
            store.list().forEach((k, t) -> values.put(k.asString(), t.value().reveal()));
            return values;
        }
    }
}
