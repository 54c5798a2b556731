package io.github.inatauth.bench;

import io.github.inatauth.InatAuth;
import io.github.inatauth.spi.Setting;
import io.github.inatauth.spi.TokenIssuer;
import io.github.inatauth.testkit.InatTestServer;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/** How every benchmark builds its {@link InatAuth}: credentials from an injected environment, never the real one. */
final class BenchSetup {
    private BenchSetup() {
    }

    /** The testkit's default user and app, as the {@code env} source reads them. */
    static Map<String, String> testkitEnvironment() {
        Map<String, String> env = new HashMap<>();
        env.put(Setting.USERNAME.displayName(), InatTestServer.DEFAULT_USERNAME);
        env.put(Setting.PASSWORD.displayName(), InatTestServer.DEFAULT_PASSWORD);
        env.put(Setting.APP_ID.displayName(), InatTestServer.DEFAULT_APP_ID);
        env.put(Setting.APP_SECRET.displayName(), InatTestServer.DEFAULT_APP_SECRET);
        return env;
    }

    /** An instance with no network at all: {@code issuer} answers from memory, nothing is stored. */
    static InatAuth inMemory(TokenIssuer issuer) {
        return builder(issuer).build();
    }

    /** The same with an injected clock, which turns the clock-free warm path off. */
    static InatAuth inMemory(TokenIssuer issuer, Clock clock) {
        return builder(issuer).clock(clock).build();
    }

    private static InatAuth.Builder builder(TokenIssuer issuer) {
        Map<String, String> env = testkitEnvironment();
        return InatAuth.builder().issuer(context -> issuer).environment(env::get).sources("env").store("none");
    }

    /** An instance that talks HTTP to {@code server} with the discovered issuer (module io.github.inatauth.http). */
    static InatAuth forServer(InatTestServer server, Map<String, String> env, String store) {
        return InatAuth.builder().baseUrl(server.baseUrl().toString()).environment(env::get).sources("env")
                .store(store).build();
    }
}
