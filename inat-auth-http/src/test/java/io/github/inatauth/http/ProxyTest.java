package io.github.inatauth.http;

import static io.github.inatauth.http.TestSupport.envWithDefaults;
import static io.github.inatauth.http.TestSupport.fastRetryProperties;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.inatauth.ConfigurationException;
import io.github.inatauth.InatAuth;
import io.github.inatauth.ServerException;
import io.github.inatauth.testkit.ChildJvm;
import io.github.inatauth.testkit.InatTestServerExtension;
import io.github.inatauth.testkit.ThrowawayCa;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS_PROXY and friends, through a real CONNECT proxy on loopback to an HTTPS server whose
 * certificate a throw-away CA signed (trusted through INAT_AUTH_CA_FILE).
 */
class ProxyTest {
    @TempDir
    static Path folder;
    static ThrowawayCa ca;

    @RegisterExtension
    final InatTestServerExtension kit = new InatTestServerExtension();

    private Relays.TlsFront front;
    private Relays.ConnectProxy proxy;

    @BeforeAll
    static void makeCa() {
        ca = ThrowawayCa.create(folder);
    }

    @BeforeEach
    void start() throws Exception {
        front = new Relays.TlsFront(ca.serverContext(), kit.server().port());
        proxy = new Relays.ConnectProxy();
    }

    @AfterEach
    void stop() throws Exception {
        front.close();
        proxy.close();
    }

    /** The default credentials, the CA trusted, and {@code more}. */
    private Map<String, String> env(String... more) {
        Map<String, String> env = envWithDefaults(kit.server());
        env.put("INAT_AUTH_CA_FILE", ca.caPem().toString());
        for (int i = 0; i < more.length; i += 2) {
            env.put(more[i], more[i + 1]);
        }
        return env;
    }

    private InatAuth.Builder auth(Map<String, String> env, Map<String, String> props) {
        return InatAuth.builder().environment(env::get).systemProperties(props::get).store("none")
                .baseUrl(front.url()).apiUrl(front.url() + "/v1");
    }

    private String proxyUrl() {
        return "http://127.0.0.1:" + proxy.port();
    }

    @Test
    void httpsProxy_everyRequestThroughOneTunnelToTheServer() {
        try (InatAuth auth = auth(env("HTTPS_PROXY", proxyUrl()), fastRetryProperties()).build()) {
            assertThat(auth.accessToken()).isNotEmpty();
        }
        assertThat(proxy.tunnels).hasPositiveValue();
        assertThat(proxy.targets).containsOnly("127.0.0.1:" + front.port());
        assertThat(kit.server().grantCount()).isEqualTo(1);
    }

    @Test
    void lowerCaseVariable_beatsUpperCase_asInCurl() {
        try (InatAuth auth = auth(env("https_proxy", proxyUrl(), "HTTPS_PROXY", "http://127.0.0.1:1"),
                fastRetryProperties()).build()) {
            auth.accessToken();
        }
        assertThat(proxy.tunnels).hasPositiveValue();
    }

    @Test
    void proxyWithoutScheme_isHttpAsInCurl() {
        try (InatAuth auth = auth(env("HTTPS_PROXY", "127.0.0.1:" + proxy.port()), fastRetryProperties()).build()) {
            auth.accessToken();
        }
        assertThat(proxy.tunnels).hasPositiveValue();
    }

    @Test
    void noProxy_matchingHost_goesDirect() {
        for (String noProxy : new String[] {"127.0.0.1", "example.org, 127.0.0.0/8", "*", "127.0.0.1:" + front.port()}) {
            try (InatAuth auth = auth(env("HTTPS_PROXY", proxyUrl(), "NO_PROXY", noProxy), fastRetryProperties()).build()) {
                assertThat(auth.accessToken()).as(noProxy).isNotEmpty();
            }
        }
        assertThat(proxy.tunnels).hasValue(0);
        assertThat(front.handshakes).hasPositiveValue();
    }

    @Test
    void noProxy_otherHostOrPort_stillProxied() {
        String noProxy = "localhost,.example.org,127.0.0.1:" + (front.port() == 1 ? 2 : 1);
        try (InatAuth auth = auth(env("HTTPS_PROXY", proxyUrl(), "no_proxy", noProxy), fastRetryProperties()).build()) {
            auth.accessToken();
        }
        assertThat(proxy.tunnels).hasPositiveValue();
    }

    @Test
    void httpProxyVariable_notUsedForHttps() {
        try (InatAuth auth = auth(env("HTTP_PROXY", proxyUrl()), fastRetryProperties()).build()) {
            auth.accessToken();
        }
        assertThat(proxy.tunnels).hasValue(0);
    }

    @Test
    void javasOwnHttpsProxyHost_winsOverTheVariable() {
        // the injected property says Java is configured: the JDK's selector answers (this JVM has none: direct)
        Map<String, String> props = fastRetryProperties();
        props.put("https.proxyHost", "proxy.invalid");
        try (InatAuth auth = auth(env("HTTPS_PROXY", proxyUrl()), props).build()) {
            auth.accessToken();
        }
        assertThat(proxy.tunnels).hasValue(0);
    }

    @Test
    void builderProxy_usedWithoutAnyVariable() {
        try (InatAuth auth = auth(env(), fastRetryProperties())
                .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", proxy.port()))).build()) {
            auth.accessToken();
        }
        assertThat(proxy.tunnels).hasPositiveValue();
    }

    @Test
    void builderProxy_beatsTheVariable() {
        try (InatAuth auth = auth(env("HTTPS_PROXY", "http://127.0.0.1:1"), fastRetryProperties())
                .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", proxy.port()))).build()) {
            auth.accessToken();
        }
        assertThat(proxy.tunnels).hasPositiveValue();
    }

    @Test
    void proxyAskingForBasic_javaRefusesForTunnels_messageSaysWhatToDoWithoutThePassword() {
        proxy.requireBasic("alice", "pr0xy-s3cret@x");
        String url = "http://alice:pr0xy-s3cret%40x@127.0.0.1:" + proxy.port();
        try (InatAuth auth = auth(env("HTTPS_PROXY", url), fastRetryProperties()).build()) {
            assertThatThrownBy(auth::accessToken).isInstanceOf(ServerException.class)
                    .hasMessageContaining("HTTP 407").hasMessageContaining("jdk.http.auth.tunneling.disabledSchemes=")
                    .satisfies(e -> assertThat(e.toString()).doesNotContain("pr0xy-s3cret"));
            assertThat(auth.toString()).doesNotContain("pr0xy-s3cret");
        }
        assertThat(proxy.tunnels).hasValue(0);
    }

    @Test
    void proxyAskingForBasic_javaAllowingIt_credentialsOfTheUrlOpenTheTunnel() throws Exception {
        proxy.requireBasic("alice", "pr0xy-s3cret@x");
        Map<String, String> childEnv = new HashMap<>(env("HTTPS_PROXY",
                "http://alice:pr0xy-s3cret%40x@127.0.0.1:" + proxy.port()));
        childEnv.put("INAT_AUTH_BASE_URL", front.url());
        childEnv.put("INAT_AUTH_STORE", "none");
        ChildJvm.Result r = ChildJvm.java("-Djdk.http.auth.tunneling.disabledSchemes=", "-cp", ChildJvm.thisClassPath(),
                TokenPrinter.class.getName()).environment(childEnv).run(Duration.ofSeconds(120));
        assertThat(r.output()).contains("token: ").doesNotContain("pr0xy-s3cret");
        assertThat(r.exitCode()).isZero();
        assertThat(proxy.tunnels).hasPositiveValue();
        assertThat(proxy.authorizations).contains("Basic " + java.util.Base64.getEncoder()
                .encodeToString("alice:pr0xy-s3cret@x".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Test
    void malformedProxyVariable_configurationErrorAtBuild_withoutItsPassword() {
        for (String bad : new String[] {"socks5://bob:hunter2-secret@127.0.0.1:1080", "http://bob:hunter2-secret@"}) {
            assertThatThrownBy(() -> auth(env("HTTPS_PROXY", bad), fastRetryProperties()).build().close())
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("HTTPS_PROXY")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
        }
    }

    /** A program run in a child JVM: one token with the environment's settings. */
    public static final class TokenPrinter {
        public static void main(String[] args) {
            try (InatAuth auth = InatAuth.create()) {
                System.out.println("token: " + auth.accessToken().length() + " characters");
            }
        }
    }
}
