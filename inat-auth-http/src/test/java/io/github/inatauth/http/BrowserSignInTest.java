package io.github.inatauth.http;

import static io.github.inatauth.http.TestSupport.auth;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.inatauth.ConfigurationException;
import io.github.inatauth.CredentialsRejectedException;
import io.github.inatauth.InatAuth;
import io.github.inatauth.MissingCredentialsException;
import io.github.inatauth.ServerException;
import io.github.inatauth.TokenType;
import io.github.inatauth.spi.Token;
import io.github.inatauth.testkit.Fault;
import io.github.inatauth.testkit.InatTestServer.Endpoint;
import io.github.inatauth.testkit.InatTestServer;
import io.github.inatauth.testkit.InatTestServerExtension;
import io.github.inatauth.testkit.RecordedRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The browser sign-in (issue 6); a {@link FakeBrowser} follows the authorize URL like a browser would. */
class BrowserSignInTest {

    @RegisterExtension
    final InatTestServerExtension kit = new InatTestServerExtension();

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    private InatTestServer server() {
        return kit.server();
    }

    private BrowserSignIn.Builder signIn(BrowserOpener opener) {
        return BrowserSignIn.builder().baseUrl(server().baseUrl().toString()).appId(InatTestServer.DEFAULT_APP_ID)
                .opener(opener).out(new PrintStream(printed, true, StandardCharsets.UTF_8)).timeout(Duration.ofSeconds(20));
    }

    @Test
    void signIn_browserFollowsAuthorizeUrl_yieldsWorkingOAuthToken() {
        FakeBrowser browser = new FakeBrowser(UnaryOperator.identity());
        Token token = signIn(browser).build().signIn();

        assertThat(token.expiresAt()).isNull();
        assertThat(server().grantCount()).isEqualTo(1);
        assertThat(browser.page()).contains("Signed in");
        RecordedRequest authorize = server().requests(Endpoint.AUTHORIZE).get(0);
        assertThat(authorize.param("code_challenge_method")).isEqualTo("S256");
        assertThat(authorize.param("redirect_uri")).matches("http://127\\.0\\.0\\.1:\\d+");
        RecordedRequest exchange = server().requests(Endpoint.TOKEN).get(0);
        assertThat(exchange.param("grant_type")).isEqualTo("authorization_code");
        assertThat(exchange.params()).containsKeys("client_id", "code", "code_verifier", "redirect_uri")
                .doesNotContainKey("client_secret");
        assertThat(exchange.param("code_verifier")).hasSize(86).matches("[A-Za-z0-9_-]+");
        assertThat(BrowserSignIn.challenge(exchange.param("code_verifier"))).isEqualTo(authorize.param("code_challenge"));
        assertThat(exchange.param("redirect_uri")).isEqualTo(authorize.param("redirect_uri"));
    }

    @Test
    void grant_throughInatAuth_usesItsBaseUrlAndTokenIsExchangedForJwtAndCached() {
        Map<String, String> env = new HashMap<>();
        env.put("INAT_USERNAME", InatTestServer.DEFAULT_USERNAME);
        env.put("INAT_APP_ID", InatTestServer.DEFAULT_APP_ID);
        // no baseUrl(...): the sign-in goes to the InatAuth's server
        BrowserSignIn signIn = BrowserSignIn.builder()
                .opener(new FakeBrowser(UnaryOperator.identity())).out(new PrintStream(printed, true, StandardCharsets.UTF_8))
                .build();
        try (InatAuth auth = auth(server(), env).grant(signIn).build()) {
            String jwt = auth.accessToken();
            assertThat(auth.isValid(jwt)).isTrue();
            assertThat(auth.accessToken()).isEqualTo(jwt);
            assertThat(auth.accessToken(TokenType.OAUTH)).isNotEmpty();
        }
        assertThat(server().requestCount(Endpoint.AUTHORIZE)).isEqualTo(1);
        assertThat(server().requests(Endpoint.TOKEN).get(0).param("client_id")).isEqualTo(InatTestServer.DEFAULT_APP_ID);
    }

    @Test
    void grant_throughInatAuth_codeExchangeKeepsTheInatAuthsRequestTimeout() {
        Map<String, String> env = new HashMap<>();
        env.put("INAT_USERNAME", InatTestServer.DEFAULT_USERNAME);
        env.put("INAT_APP_ID", InatTestServer.DEFAULT_APP_ID);
        server().failNext(Endpoint.TOKEN, Fault.delay(Duration.ofSeconds(3)));
        BrowserSignIn signIn = BrowserSignIn.builder()
                .opener(new FakeBrowser(UnaryOperator.identity())).out(new PrintStream(printed, true, StandardCharsets.UTF_8))
                .build();
        // the exchange goes over the InatAuth's transport: its 300 ms, not a client of the sign-in's own
        try (InatAuth auth = auth(server(), env).requestTimeout(Duration.ofMillis(300)).grant(signIn).build()) {
            assertThatThrownBy(auth::accessToken).isInstanceOf(ServerException.class)
                    .hasMessageContaining("authorization code exchange").hasMessageContaining("request timeout of 0.3 s");
        }
    }

    @Test
    void grant_cachedTokenInStore_browserNotStartedAgain() {
        Map<String, String> env = new HashMap<>();
        env.put("INAT_USERNAME", InatTestServer.DEFAULT_USERNAME);
        env.put("INAT_APP_ID", InatTestServer.DEFAULT_APP_ID);
        String first;
        try (InatAuth auth = auth(server(), env).store("memory").grant(signIn(new FakeBrowser(UnaryOperator.identity()))
                .build()).build()) {
            first = auth.accessToken();
        }
        BrowserOpener mustNotOpen = url -> {
            throw new AssertionError("the browser was started although a token was cached");
        };
        try (InatAuth auth = auth(server(), env).store("memory").grant(signIn(mustNotOpen).build()).build()) {
            assertThat(auth.accessToken()).isEqualTo(first);
        }
        assertThat(server().requestCount(Endpoint.AUTHORIZE)).isEqualTo(1);
    }

    @Test
    void signIn_withoutPkce_sendsAppSecretAndNoVerifier() {
        Token token = signIn(new FakeBrowser(UnaryOperator.identity())).pkce(false)
                .appSecret(InatTestServer.DEFAULT_APP_SECRET).build().signIn();
        assertThat(token).isNotNull();
        assertThat(server().requests(Endpoint.AUTHORIZE).get(0).params()).doesNotContainKey("code_challenge");
        RecordedRequest exchange = server().requests(Endpoint.TOKEN).get(0);
        assertThat(exchange.param("client_secret")).isEqualTo(InatTestServer.DEFAULT_APP_SECRET);
        assertThat(exchange.params()).doesNotContainKey("code_verifier");
    }

    @Test
    void signIn_codeExchangeAnswersATokenWithALineBreak_serverErrorNamingTheEndpoint() {
        server().failNext(Endpoint.TOKEN, io.github.inatauth.testkit.Fault.status(200, "application/json",
                "{\"access_token\":\"abcdef\\r\\nX-Injected: 1\"}"));
        assertThatThrownBy(() -> signIn(new FakeBrowser(UnaryOperator.identity())).build().signIn())
                .isInstanceOfSatisfying(ServerException.class, e -> assertThat(e.getMessage())
                        .contains("/oauth/token", "authorization code exchange", "'access_token'", "line break")
                        .doesNotContain("abcdef").doesNotContain("Injected"));
    }

    @Test
    void signIn_strayRequestBeforeRedirect_isIgnored() {
        FakeBrowser browser = new FakeBrowser(UnaryOperator.identity()).visitingFirst("/favicon.ico");
        assertThat(signIn(browser).build().signIn()).isNotNull();
    }

    @Test
    void signIn_stateChangedOnTheWay_refusedWith400AndTheWaitGoesOnUntilTheTimeout() {
        FakeBrowser browser = new FakeBrowser(url -> withParam(url, "state", "forged-state"));
        assertThatThrownBy(() -> signIn(browser).timeout(Duration.ofSeconds(2)).build().signIn())
                .isInstanceOf(ServerException.class).hasMessageContaining("within").hasMessageContaining("different state");
        assertThat(browser.status()).isEqualTo(400);
        assertThat(server().requestCount(Endpoint.TOKEN)).isZero();
    }

    @Test
    void signIn_idleConnectionsAndForgedRedirectsFirst_realRedirectStillSignsIn() throws IOException {
        CompletableFuture<List<String>> refusedAnswers = new CompletableFuture<>();
        List<Socket> idle = new ArrayList<>();
        BrowserOpener hostile = url -> CompletableFuture.runAsync(() -> { // open() must return before the listener waits
            int port = redirectPort(url);
            try {
                for (int i = 0; i < 16; i++) {
                    idle.add(new Socket(InetAddress.getLoopbackAddress(), port)); // connects, sends nothing
                }
                refusedAnswers.complete(List.of(rawGet(port, "/?code=stolen&state=guessed"), rawGet(port, "/?code=stolen"),
                        rawGet(port, "/?error=access_denied")));
            } catch (IOException | RuntimeException e) {
                refusedAnswers.completeExceptionally(e);
            }
            new FakeBrowser(UnaryOperator.identity()).open(url); // the user's browser, while the idle ones stay open
        });
        Token token = signIn(hostile).timeout(Duration.ofSeconds(30)).build().signIn();
        // only the code the server issued for this sign-in is exchanged for a token
        assertThat(server().requests(Endpoint.TOKEN)).singleElement()
                .satisfies(r -> assertThat(r.param("code")).isNotEqualTo("stolen"));
        assertThat(token.value().reveal()).isNotEmpty();
        assertThat(refusedAnswers.join()).allSatisfy(answer -> assertThat(answer).startsWith("HTTP/1.1 400"));
        for (Socket s : idle) {
            s.close();
        }
    }

    @Test
    void signIn_clientTricklingOneByteEvery1500ms_timeoutStillEndsTheWait() {
        Duration timeout = Duration.ofSeconds(2);
        AtomicBoolean stop = new AtomicBoolean();
        BrowserOpener trickler = url -> {
            int port = redirectPort(url);
            Thread t = new Thread(() -> {
                try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    OutputStream out = s.getOutputStream();
                    for (byte b : "GET /?code=x&state=y HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII)) {
                        if (stop.get()) {
                            return;
                        }
                        out.write(b);
                        out.flush();
                        Thread.sleep(1500);
                    }
                } catch (IOException | InterruptedException e) {
                    // the listener hung up on it: what should happen
                }
            }, "trickler");
            t.setDaemon(true);
            t.start();
        };
        long start = System.nanoTime();
        try {
            assertThatThrownBy(() -> signIn(trickler).timeout(timeout).build().signIn())
                    .isInstanceOf(ServerException.class).hasMessageContaining("within");
        } finally {
            stop.set(true);
        }
        // generous: the listener used to wait on such a client long past its timeout
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(timeout.plusSeconds(3));
    }

    private static int redirectPort(URI authorizeUrl) {
        String redirect = URLDecoder.decode(authorizeUrl.getRawQuery().replaceAll(".*redirect_uri=([^&]+).*", "$1"),
                StandardCharsets.UTF_8);
        return URI.create(redirect).getPort();
    }

    /** One request on its own connection; the whole answer. */
    private static String rawGet(int port, String target) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void signIn_challengeOfAnotherVerifier_rejectedByServer() {
        String otherChallenge = BrowserSignIn.challenge("another-verifier-another-verifier-another-verifier");
        FakeBrowser browser = new FakeBrowser(url -> withParam(url, "code_challenge", otherChallenge));
        assertThatThrownBy(() -> signIn(browser).build().signIn())
                .isInstanceOfSatisfying(CredentialsRejectedException.class, e -> {
                    assertThat(e.error()).contains("invalid_grant");
                    assertThat(e.getMessage()).contains("verifier");
                });
    }

    @Test
    void signIn_userRefuses_accessDenied() {
        server().refuseConsent();
        assertThatThrownBy(() -> signIn(new FakeBrowser(UnaryOperator.identity())).build().signIn())
                .isInstanceOfSatisfying(CredentialsRejectedException.class, e -> {
                    assertThat(e.error()).contains("access_denied");
                    assertThat(e.getMessage()).contains("access_denied");
                });
        assertThat(server().requestCount(Endpoint.TOKEN)).isZero();
    }

    @Test
    void signIn_noRedirectBeforeTimeout_timeoutError() {
        assertThatThrownBy(() -> signIn(url -> { }).timeout(Duration.ofMillis(300)).build().signIn())
                .isInstanceOf(ServerException.class).hasMessageContaining("within");
    }

    @Test
    void signIn_portInUse_errorNamingThePort() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> signIn(url -> { }).port(port).build().signIn())
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("Port " + port);
        }
    }

    @Test
    void signIn_givenPort_redirectUriUsesIt() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = probe.getLocalPort();
        }
        signIn(new FakeBrowser(UnaryOperator.identity())).port(port).build().signIn();
        assertThat(server().requests(Endpoint.AUTHORIZE).get(0).param("redirect_uri")).isEqualTo("http://127.0.0.1:" + port);
    }

    @Test
    void signIn_outOfBand_usesThePastedCode() {
        AtomicReference<String> shown = new AtomicReference<>();
        BrowserOpener oobBrowser = url -> {
            String page = FakeBrowser.get(url).body();
            Matcher m = Pattern.compile("id=\"authorization_code\">([^<]+)<").matcher(page);
            assertThat(m.find()).isTrue();
            shown.set(m.group(1));
        };
        Reader pasted = new Reader() {
            private Reader delegate;

            @Override
            public int read(char[] buffer, int offset, int length) {
                if (delegate == null) {
                    delegate = new StringReader("  " + shown.get() + "  \n");
                }
                try {
                    return delegate.read(buffer, offset, length);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }

            @Override
            public void close() {
            }
        };
        Token token = signIn(oobBrowser).outOfBand(pasted).build().signIn();
        assertThat(token).isNotNull();
        assertThat(server().requests(Endpoint.AUTHORIZE).get(0).param("redirect_uri")).isEqualTo(BrowserSignIn.OOB_REDIRECT_URI);
        assertThat(server().requests(Endpoint.TOKEN).get(0).param("redirect_uri")).isEqualTo(BrowserSignIn.OOB_REDIRECT_URI);
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("Paste the authorization code");
    }

    @Test
    void signIn_outOfBandNothingPasted_missingCode() {
        assertThatThrownBy(() -> signIn(url -> { }).outOfBand(new StringReader("\n")).build().signIn())
                .isInstanceOf(MissingCredentialsException.class).hasMessageContaining("No authorization code");
    }

    @Test
    void signIn_noAppId_missingCredentials() {
        assertThatThrownBy(() -> BrowserSignIn.builder().baseUrl(server().baseUrl().toString()).opener(url -> { })
                .build().signIn()).isInstanceOf(MissingCredentialsException.class).hasMessageContaining("app id");
    }

    @Test
    void signIn_noSecretWithoutPkce_missingCredentials() {
        assertThatThrownBy(() -> signIn(url -> { }).pkce(false).build().signIn())
                .isInstanceOf(MissingCredentialsException.class).hasMessageContaining("app secret");
    }

    @Test
    void build_plainHttpToAnotherHost_refused() {
        assertThatThrownBy(() -> BrowserSignIn.builder().baseUrl("http://inaturalist.example").build())
                .isInstanceOf(ConfigurationException.class);
    }

    @Test
    void printOpener_printsTheAddress() {
        BrowserOpener.print(new PrintStream(printed, true, StandardCharsets.UTF_8)).open(URI.create("https://x.example/a"));
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("https://x.example/a");
    }

    static URI withParam(URI url, String name, String value) {
        Map<String, String> q = new LinkedHashMap<>();
        for (String pair : url.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            q.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        q.put(name, value);
        String base = url.toString().substring(0, url.toString().indexOf('?'));
        return URI.create(base + "?" + q.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&")));
    }

    /** Plays the user's browser in its own thread: follows the authorize URL and its redirect to the listener. */
    static final class FakeBrowser implements BrowserOpener {
        private static final HttpClient CLIENT = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
        private final UnaryOperator<URI> tamper;
        private final CompletableFuture<String> page = new CompletableFuture<>();
        private final CompletableFuture<Integer> status = new CompletableFuture<>();
        private String strayPath;

        FakeBrowser(UnaryOperator<URI> tamper) {
            this.tamper = tamper;
        }

        FakeBrowser visitingFirst(String path) {
            this.strayPath = path;
            return this;
        }

        @Override
        public void open(URI url) {
            Thread t = new Thread(() -> {
                try {
                    if (strayPath != null) {
                        String redirect = URLDecoder.decode(url.getRawQuery().replaceAll(".*redirect_uri=([^&]+).*", "$1"),
                                StandardCharsets.UTF_8);
                        get(URI.create(redirect + strayPath));
                    }
                    HttpResponse<String> answer = get(tamper.apply(url));
                    status.complete(answer.statusCode());
                    page.complete(answer.body());
                } catch (RuntimeException e) {
                    page.completeExceptionally(e);
                    status.completeExceptionally(e);
                }
            }, "fake-browser");
            t.setDaemon(true);
            t.start();
        }

        String page() {
            return page.join();
        }

        /** The status of the listener's answer to the redirect. */
        int status() {
            return status.join();
        }

        static HttpResponse<String> get(URI url) {
            try {
                return CLIENT.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
