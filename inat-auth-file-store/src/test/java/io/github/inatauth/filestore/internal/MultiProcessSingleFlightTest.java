package io.github.inatauth.filestore.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.inatauth.Credentials;
import io.github.inatauth.testkit.ChildJvm;
import io.github.inatauth.testkit.InatTestServer;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several JVMs start at once against one empty file store and one local iNaturalist: the store's
 * lock lets exactly one of them ask for a grant and a JWT, and the others read what it wrote.
 */
class MultiProcessSingleFlightTest {

    static final int PROCESSES = 6;

    @TempDir
    Path temp;

    @Test
    void accessToken_severalProcessesAtOnceOnAnEmptyStore_oneGrantAndOneJwtInTotal() throws Exception {
        try (InatTestServer server = InatTestServer.start()) {
            Credentials c = server.defaultCredentials();
            Map<String, String> env = storeAndServer(server);
            env.putAll(Map.of("INAT_USERNAME", c.username(), "INAT_PASSWORD", c.password().reveal(),
                    "INAT_APP_ID", c.appId(), "INAT_APP_SECRET", c.appSecret().reveal()));
            Set<String> tokens = tokensOfProcessesStartedAtOnce(env, PROCESSES);
            assertThat(tokens).as("every process got the same JWT").hasSize(1);
            assertThat(server.grantCount()).isEqualTo(1);
            assertThat(server.jwtCount()).isEqualTo(1);
        }
    }

    /**
     * Four programs given the same stale personal API token (and nothing else but the store) renew it
     * once: the first to hold the store's lock renews, the others find the renewal in the store.
     */
    @Test
    void personalApiToken_staleInFourProcessesAtOnce_oneRenewalInTotal() throws Exception {
        Duration life = Duration.ofHours(1);
        try (InatTestServer server = InatTestServer.builder().jwtLifetime(life).start()) {
            // issued 57 minutes ago: in the stale window (the last 5 minutes), minutes from expiry
            String stale = server.issueApiToken(InatTestServer.DEFAULT_USERNAME, life.minusMinutes(3));
            Map<String, String> env = storeAndServer(server);
            env.put("INAT_API_TOKEN", stale);

            Set<String> tokens = tokensOfProcessesStartedAtOnce(env, 4);

            assertThat(tokens).as("every process got the same renewed JWT").hasSize(1).doesNotContain("token " + stale);
            assertThat(server.jwtCount()).as("renewals").isEqualTo(1);
            assertThat(server.requestCount(InatTestServer.Endpoint.TOKEN)).as("grants asked for").isZero();
        }
    }

    private Map<String, String> storeAndServer(InatTestServer server) {
        return new HashMap<>(Map.of(
                "INAT_AUTH_BASE_URL", server.baseUrl().toString(), "INAT_AUTH_API_URL", server.apiUrl().toString(),
                "INAT_AUTH_HOME", temp.resolve("store").toString(),
                "INAT_AUTH_PASSPHRASE", TestStores.PASSPHRASE));
    }

    /** Starts the children, releases them together once all are ready, and collects their "token ..." lines. */
    private Set<String> tokensOfProcessesStartedAtOnce(Map<String, String> env, int processes) throws Exception {
        List<ChildJvm> children = new ArrayList<>();
        try {
            for (int i = 0; i < processes; i++) {
                children.add(ChildJvm.java("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", ChildJvm.thisClassPath(),
                        SingleFlightChild.class.getName()).environment(env).stderrTo(temp.resolve("stderr-" + i)).start());
            }
            for (ChildJvm child : children) {
                assertThat(child.lines().poll(60, TimeUnit.SECONDS)).as("stderr: %s", child.stderr())
                        .isEqualTo("ready file");
            }
            for (ChildJvm child : children) { // all warmed up and waiting: release them together
                OutputStream in = child.process().getOutputStream();
                in.write("go\n".getBytes(StandardCharsets.US_ASCII));
                in.flush();
            }
            Set<String> tokens = new HashSet<>();
            for (ChildJvm child : children) {
                assertThat(child.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(child.process().exitValue()).as("stderr: %s", child.stderr()).isZero();
                String line = child.lines().poll(10, TimeUnit.SECONDS);
                assertThat(line).startsWith("token ");
                tokens.add(line);
            }
            return tokens;
        } finally {
            children.forEach(ChildJvm::close);
        }
    }
}
