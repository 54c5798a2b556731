package io.github.inatauth.http;

import io.github.inatauth.InatAuth;
import io.github.inatauth.spi.Setting;
import io.github.inatauth.testkit.InatTestServer;
import java.util.HashMap;
import java.util.Map;

/** Shared set-up: an {@code InatAuth} pointed at the testkit, with an injected environment and fast retries. */
final class TestSupport {
    /** The backoff base in tests, so that retry tests stay fast. */
    static final String FAST_RETRIES = "5";

    private TestSupport() {
    }

    /** The four INAT_* variables holding the server's default credentials. */
    static Map<String, String> envWithDefaults(InatTestServer server) {
        Map<String, String> env = new HashMap<>();
        env.put("INAT_USERNAME", InatTestServer.DEFAULT_USERNAME);
        env.put("INAT_PASSWORD", InatTestServer.DEFAULT_PASSWORD);
        env.put("INAT_APP_ID", InatTestServer.DEFAULT_APP_ID);
        env.put("INAT_APP_SECRET", InatTestServer.DEFAULT_APP_SECRET);
        return env;
    }

    static Map<String, String> fastRetryProperties() {
        Map<String, String> props = new HashMap<>();
        props.put(Setting.HTTP_RETRY_DELAY.systemProperty().orElseThrow(), FAST_RETRIES);
        return props;
    }

    /** A builder against {@code server} that reads only {@code env}; the store keeps nothing between instances. */
    static InatAuth.Builder auth(InatTestServer server, Map<String, String> env) {
        Map<String, String> props = fastRetryProperties();
        return InatAuth.builder().environment(env::get).systemProperties(props::get)
                .baseUrl(server.baseUrl().toString()).apiUrl(server.apiUrl().toString()).store("none");
    }
}
