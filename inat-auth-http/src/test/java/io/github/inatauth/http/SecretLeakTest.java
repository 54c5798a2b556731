package io.github.inatauth.http;

import static io.github.inatauth.http.TestSupport.auth;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.inatauth.InatAuth;
import io.github.inatauth.InatAuthException;
import io.github.inatauth.TokenType;
import io.github.inatauth.testkit.Fault;
import io.github.inatauth.testkit.InatTestServer.Endpoint;
import io.github.inatauth.testkit.InatTestServer;
import io.github.inatauth.testkit.InatTestServerExtension;
import io.github.inatauth.testkit.LogCapture;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Sentinel password, app secret, remote Authorization value and tokens never appear in a
 * {@code toString}, an exception message (with causes and stack trace) or a log record (System.Logger
 * goes to java.util.logging here, captured at every level), across the failure paths.
 */
class SecretLeakTest {
    private static final String USER = "leak-user";
    private static final String PASSWORD = "SENTINEL-password-4f1c";
    private static final String APP = "leak-app";
    private static final String APP_SECRET = "SENTINEL-appsecret-9b2e";
    private static final String REMOTE_AUTH = "Bearer SENTINEL-remote-7d3a";

    @RegisterExtension
    final InatTestServerExtension kit = new InatTestServerExtension();

    private LogCapture logs;
    /** Every text that was checked; the test also asserts that something was captured at all. */
    private final List<String> texts = new ArrayList<>();

    @BeforeEach
    void captureLogs() {
        logs = LogCapture.of("io.github.inatauth");
        kit.server().addUser(USER, PASSWORD).addApp(APP, APP_SECRET);
    }

    @AfterEach
    void stopCapturing() {
        logs.close();
    }

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("INAT_USERNAME", USER);
        env.put("INAT_PASSWORD", PASSWORD);
        env.put("INAT_APP_ID", APP);
        env.put("INAT_APP_SECRET", APP_SECRET);
        return env;
    }

    private void failing(Map<String, String> env, Consumer<InatAuth> call) {
        try (InatAuth auth = auth(kit.server(), env).requestTimeout(Duration.ofMillis(500)).build()) {
            texts.add(auth.toString());
            Throwable t = catchThrowable(() -> call.accept(auth));
            assertThat(t).isInstanceOf(InatAuthException.class);
            StringWriter trace = new StringWriter();
            t.printStackTrace(new PrintWriter(trace));
            texts.add(trace.toString());
            texts.add(auth.credentialReport().toString());
        }
    }

    @Test
    void failurePaths_neverShowSecrets() throws Exception {
        InatTestServer server = kit.server();
        Map<String, String> wrongPassword = env();
        wrongPassword.put("INAT_PASSWORD", PASSWORD + "-wrong");
        failing(wrongPassword, InatAuth::accessToken);
        Map<String, String> wrongSecret = env();
        wrongSecret.put("INAT_APP_SECRET", APP_SECRET + "-wrong");
        failing(wrongSecret, InatAuth::accessToken);

        // a server that echoes the secrets in its error_description
        server.failNext(Endpoint.TOKEN, Fault.status(400, "application/json", "{\"error\":\"invalid_grant\","
                + "\"error_description\":\"bad password " + PASSWORD + " for secret " + APP_SECRET + "\"}"));
        failing(env(), InatAuth::accessToken);
        server.failNext(Endpoint.TOKEN, Fault.status(401, "application/json", "{\"error\":\"" + PASSWORD + "\"}"));
        failing(env(), InatAuth::accessToken);

        server.failAlways(Endpoint.TOKEN, Fault.status(500));
        failing(env(), InatAuth::accessToken);
        server.clearFaults();
        server.failAlways(Endpoint.TOKEN, Fault.dropConnection());
        failing(env(), InatAuth::accessToken);
        server.clearFaults();
        server.failNext(Endpoint.TOKEN, Fault.nonJson());
        failing(env(), InatAuth::accessToken);
        server.failNext(Endpoint.TOKEN, Fault.oversizedBody(70_000));
        failing(env(), InatAuth::accessToken);
        server.failNext(Endpoint.TOKEN, Fault.delay(Duration.ofSeconds(2)));
        failing(env(), InatAuth::accessToken);
        server.failNext(Endpoint.TOKEN, Fault.tooManyRequests(Duration.ofHours(1)));
        failing(env(), InatAuth::accessToken);

        // a good grant, then the JWT request refused or failing: the OAuth token must not show
        server.failNext(Endpoint.API_TOKEN, Fault.status(401));
        failing(env(), InatAuth::accessToken);
        server.failAlways(Endpoint.API_TOKEN, Fault.dropConnection());
        failing(env(), InatAuth::refreshAccessToken);
        server.clearFaults();

        // the remote source: refused, failing, not JSON, dead port
        server.serveJson("/secret", "{\"password\":\"" + PASSWORD + "\"}").requireAuthorization("/secret", "Bearer other");
        Map<String, String> remote = env();
        remote.remove("INAT_PASSWORD");
        remote.put("INAT_AUTH_REMOTE_URL", server.baseUrl() + "/secret");
        remote.put("INAT_AUTH_REMOTE_AUTHORIZATION", REMOTE_AUTH);
        failing(remote, InatAuth::accessToken);
        server.failAlways(Endpoint.BROKER, Fault.status(500));
        failing(remote, InatAuth::accessToken);
        server.clearFaults();
        server.failNext(Endpoint.BROKER, Fault.nonJson());
        failing(remote, InatAuth::accessToken);
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            remote.put("INAT_AUTH_REMOTE_URL", "http://127.0.0.1:" + s.getLocalPort() + "/secret");
        }
        failing(remote, InatAuth::accessToken);

        List<String> tokens = new ArrayList<>();
        server.requests(Endpoint.API_TOKEN).forEach(r -> tokens.add(r.header("Authorization").substring(7)));
        assertNoSecret(tokens);
    }

    @Test
    void successPath_logsAndToStringsShowNoTokens() {
        List<String> tokens = new ArrayList<>();
        try (InatAuth auth = auth(kit.server(), env()).build()) {
            tokens.add(auth.accessToken());
            tokens.add(auth.accessToken(TokenType.OAUTH));
            tokens.add(auth.refreshAccessToken());
            auth.isValid(tokens.get(0));
            texts.add(auth.toString());
            texts.add(auth.storedTokens().toString());
            texts.add(auth.credentialReport().toString());
        }
        texts.add(BrowserSignIn.builder().baseUrl(kit.server().baseUrl().toString()).appSecret(APP_SECRET).build().toString());
        assertNoSecret(tokens);
    }

    /** The personal API token: renewed, refused (served with a warning), expired, not a JWT, status report. */
    @Test
    void personalTokenPaths_neverShowTheTokens() {
        InatTestServer server = kit.server();
        List<String> tokens = new ArrayList<>();
        String stale = server.issueApiToken(USER, InatTestServer.DEFAULT_JWT_LIFETIME.minusMinutes(3));
        tokens.add(stale);
        try (InatAuth auth = auth(server, Map.of("INAT_API_TOKEN", stale)).store("memory").build()) {
            tokens.add(auth.accessToken()); // renewed
            texts.add(auth.toString());
            texts.add(auth.personalToken().orElseThrow().toString());
            texts.add(auth.storedTokens().toString());
        }
        String refused = server.issueApiToken(USER, InatTestServer.DEFAULT_JWT_LIFETIME.minusMinutes(3));
        tokens.add(refused);
        server.failAlways(Endpoint.API_TOKEN, Fault.status(401, "application/json",
                "{\"error\":\"" + refused + "\"}")); // a server that echoes the token
        try (InatAuth auth = auth(server, Map.of("INAT_API_TOKEN", refused)).build()) {
            auth.accessToken(); // served while valid, with a warning
        }
        server.clearFaults();
        String expired = server.issueApiToken(USER, InatTestServer.DEFAULT_JWT_LIFETIME.plusHours(1));
        tokens.add(expired);
        failing(Map.of("INAT_API_TOKEN", expired), InatAuth::accessToken);
        Throwable notJwt = catchThrowable(() -> auth(server, Map.of("INAT_API_TOKEN", "SENTINEL-not-a-jwt")).build());
        assertThat(notJwt).isInstanceOf(InatAuthException.class);
        StringWriter trace = new StringWriter();
        notJwt.printStackTrace(new PrintWriter(trace));
        texts.add(trace.toString());
        assertNoSecret(tokens);
    }

    private void assertNoSecret(List<String> tokens) {
        List<String> sentinels = new ArrayList<>(List.of(PASSWORD, APP_SECRET, REMOTE_AUTH, "SENTINEL"));
        sentinels.addAll(tokens);
        List<String> all = new ArrayList<>(texts);
        all.addAll(logs.lines());
        assertThat(logs.lines()).as("log records captured").isNotEmpty();
        for (String text : all) {
            for (String secret : sentinels) {
                assertThat(text).doesNotContain(secret);
            }
        }
    }
}
