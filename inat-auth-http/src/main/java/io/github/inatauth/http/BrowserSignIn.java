package io.github.inatauth.http;

import io.github.inatauth.internal.shared.ServerUrls;
import io.github.inatauth.ConfigurationException;
import io.github.inatauth.Credentials;
import io.github.inatauth.Credentials.Field;
import io.github.inatauth.CredentialsRejectedException;
import io.github.inatauth.MissingCredentialsException;
import io.github.inatauth.Secret;
import io.github.inatauth.ServerException;
import io.github.inatauth.http.internal.HttpTokenIssuer;
import io.github.inatauth.http.internal.LoopbackReceiver;
import io.github.inatauth.http.internal.OAuthErrors;
import io.github.inatauth.http.internal.Urls;
import io.github.inatauth.spi.OAuthGrant;
import io.github.inatauth.spi.ProviderContext;
import io.github.inatauth.spi.Setting;
import io.github.inatauth.spi.Token;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Sign-in in the browser: the OAuth authorization code flow with PKCE (S256), so the program needs
 * neither the user's password nor, with PKCE, the app secret. iNaturalist redirects to a one-shot
 * listener on {@code 127.0.0.1}, or, out of band, shows a code that the user pastes.
 *
 * <pre>{@code
 * BrowserSignIn signIn = BrowserSignIn.builder().appId("my-app-id").port(8080).build();
 * Token oauth = signIn.signIn();                     // on its own, or:
 * InatAuth auth = InatAuth.builder().grant(signIn).username("me").build();  // cached, stored, exchanged for JWTs
 * }</pre>
 *
 * <p>The redirect URI is {@code http://127.0.0.1:<port>} (as pyinaturalist uses). Register
 * {@code http://127.0.0.1} (not {@code localhost}) for your app at iNaturalist: Doorkeeper ignores the
 * port of a loopback redirect URI (RFC 8252), so any free port matches. A confidential app (iNaturalist's
 * default) also needs its secret, which is sent with the PKCE verifier.
 * Errors: {@link CredentialsRejectedException} when the user refuses ({@code access_denied}) or the
 * server refuses the code; {@link ServerException} on a timeout (a redirect with another {@code state}
 * is answered 400 and the wait goes on);
 * {@link ConfigurationException} when the port is in use; {@link MissingCredentialsException} when
 * the app id (or, without PKCE, the app secret) or the pasted code is missing.
 */
public final class BrowserSignIn implements OAuthGrant {
    /** The redirect URI of the out-of-band mode: iNaturalist shows the code instead of redirecting. */
    public static final String OOB_REDIRECT_URI = "urn:ietf:wg:oauth:2.0:oob";
    /** How long the sign-in waits for the browser's redirect unless {@link Builder#timeout} says otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

    private static final SecureRandom RANDOM = new SecureRandom();
    /** 64 random bytes give an 86-character verifier, as pyinaturalist's {@code token_urlsafe(64)}. */
    private static final int VERIFIER_BYTES = 64;
    private static final String HINT = "check the base URL (" + Setting.BASE_URL + ")";

    private final String appId;
    private final Secret appSecret;
    private final boolean pkce;
    /** The site URL given to the builder, or null: then the caller's context (or the environment) decides. */
    private final URI baseUrl;
    private final int port;
    private final Duration timeout;
    private final BrowserOpener opener;
    private final PrintStream out;
    private final Reader outOfBand;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final Clock clock;

    private BrowserSignIn(Builder b) {
        this.appId = b.appId;
        this.appSecret = b.appSecret;
        this.pkce = b.pkce;
        this.baseUrl = b.baseUrl == null ? null : Urls.requireSecure(b.baseUrl, "base URL (" + Setting.BASE_URL + ")");
        this.port = b.port;
        this.timeout = b.timeout;
        this.out = b.out;
        this.opener = b.opener != null ? b.opener : BrowserOpener.system(b.out);
        this.outOfBand = b.outOfBand;
        this.connectTimeout = b.connectTimeout;
        this.requestTimeout = b.requestTimeout;
        // the wait for the redirect is the user's real time, whatever clock dates the tokens
        this.clock = Clock.systemUTC();
    }

    /** {@return a builder; every setting has a default} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Signs in with the app id (and secret) given to the builder, at the builder's base URL, else
     * {@code inat.auth.baseUrl} / {@code INAT_AUTH_BASE_URL}, else iNaturalist. Blocks until the
     * sign-in ends or times out.
     *
     * @return the OAuth access token
     * @throws io.github.inatauth.InatAuthException as listed in the class description
     */
    public Token signIn() {
        ProviderContext.Builder context = ProviderContext.builder();
        if (baseUrl != null) {
            context.baseUrl(baseUrl); // else the context reads the setting, as every InatAuth does
        }
        return run(Credentials.empty(), context
                .connectTimeout(connectTimeout).requestTimeout(requestTimeout).build(), true);
    }

    /**
     * Signs in for an {@code InatAuth}: the builder's app id and secret beat those in
     * {@code credentials} (what its sources found), and the server is the builder's base URL, else the
     * {@code InatAuth}'s. The code is exchanged over that {@code InatAuth}'s transport, with its
     * timeouts, clock and retries. Blocks until the sign-in ends or times out.
     */
    @Override
    public Token obtain(Credentials credentials, ProviderContext context) {
        return baseUrl != null ? run(credentials, context.toBuilder().baseUrl(baseUrl).build(), true)
                : run(credentials, context, false);
    }

    /**
     * Opens the browser at {@code context}'s site, takes the code from the redirect, and has the issuer
     * exchange it; a context made here ({@code ownContext}) has its HTTP client released afterwards.
     */
    private Token run(Credentials credentials, ProviderContext context, boolean ownContext) {
        URI site = Urls.requireSecure(context.baseUrl(), "base URL (" + Setting.BASE_URL + ")");
        String id = appId != null ? appId : credentials.appId();
        Secret secret = appSecret != null ? appSecret : credentials.appSecret();
        if (id == null) {
            throw new MissingCredentialsException("The browser sign-in needs the app id: set " + Setting.APP_ID + " or give "
                    + "appId(...) to BrowserSignIn.builder().", List.of(Field.APP_ID));
        }
        if (!pkce && secret == null) {
            throw new MissingCredentialsException("The browser sign-in without PKCE needs the app secret: set "
                    + Setting.APP_SECRET + ", give appSecret(...), or keep PKCE on.", List.of(Field.APP_SECRET));
        }
        String verifier = pkce ? randomToken(VERIFIER_BYTES) : null;
        String state = randomToken(32);
        Secret code;
        String redirectUri;
        if (outOfBand != null) {
            redirectUri = OOB_REDIRECT_URI;
            opener.open(authorizationUrl(site, id, redirectUri, state, verifier));
            code = readPastedCode();
        } else {
            try (LoopbackReceiver receiver = LoopbackReceiver.bind(port)) {
                redirectUri = "http://127.0.0.1:" + receiver.port();
                opener.open(authorizationUrl(site, id, redirectUri, state, verifier));
                code = awaitRedirect(receiver, state);
            }
        }
        HttpTokenIssuer issuer = new HttpTokenIssuer(context);
        try {
            return issuer.authorizationCodeGrant(id, code, redirectUri, verifier, secret);
        } finally {
            if (ownContext) {
                issuer.close();
            }
        }
    }

    private URI authorizationUrl(URI site, String id, String redirectUri, String state, String verifier) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("client_id", id);
        q.put("redirect_uri", redirectUri);
        q.put("response_type", "code");
        q.put("state", state);
        if (verifier != null) {
            q.put("code_challenge", challenge(verifier));
            q.put("code_challenge_method", "S256");
        }
        return URI.create(Urls.resolve(site, "/oauth/authorize") + "?" + q.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&")));
    }

    private Secret awaitRedirect(LoopbackReceiver receiver, String state) {
        Function<Map<String, String>, String> pageFor = p -> p.containsKey("error")
                ? LoopbackReceiver.page("Sign-in not completed", "iNaturalist did not grant access. Return to the program.")
                : LoopbackReceiver.page("Signed in to iNaturalist", "You can close this tab and return to the program.");
        Map<String, String> params = receiver.await(state, timeout, pageFor).orElseThrow(() -> new ServerException(
                "No sign-in reached http://127.0.0.1:" + receiver.port() + " within " + timeout.toSeconds() + " s"
                        + (receiver.refused() == 0 ? "" : " (" + receiver.refused() + " redirect(s) with a different "
                        + "state were refused: an old browser tab, another sign-in, or a forged request)")
                        + "; run the sign-in again and finish it in the browser (or use the out-of-band mode).", null));
        String error = params.get("error");
        if (error != null) {
            throw refused(error, params.get("error_description"));
        }
        String code = params.get("code");
        if (code == null || code.isEmpty()) {
            throw new ServerException("The sign-in redirect came back without an authorization code; run it again.", null);
        }
        return Secret.of(code);
    }

    private static CredentialsRejectedException refused(String error, String description) {
        String e = safe(error, 60);
        if (error.equals(OAuthErrors.ACCESS_DENIED)) {
            return new CredentialsRejectedException("The sign-in at iNaturalist was refused (access_denied); run it "
                    + "again and choose to authorize the app.", error, 403);
        }
        String d = description == null ? "" : safe(description, 160);
        return new CredentialsRejectedException("iNaturalist ended the sign-in with an error (" + e
                + (d.isEmpty() ? "" : ": " + d) + "); check the app id and its redirect URI.", error, 400);
    }

    private static String safe(String text, int max) {
        String oneLine = text.replaceAll("[\\p{Cntrl}]+", " ").strip();
        return oneLine.length() <= max ? oneLine : oneLine.substring(0, max) + "...";
    }

    private Secret readPastedCode() {
        out.print("Paste the authorization code shown by iNaturalist, then press Enter: ");
        out.flush();
        String line;
        try {
            line = new BufferedReader(outOfBand).readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String code = line == null ? "" : line.strip();
        int at = code.indexOf("code=");
        if (at >= 0) { // a pasted redirect address: take its code parameter
            String rest = code.substring(at + 5);
            int amp = rest.indexOf('&');
            code = URLDecoder.decode(amp < 0 ? rest : rest.substring(0, amp), StandardCharsets.UTF_8);
        }
        if (code.isEmpty()) {
            throw new MissingCredentialsException("No authorization code was entered; run the sign-in again and "
                    + "paste the code iNaturalist shows.", List.of());
        }
        return Secret.of(code);
    }

    /**
     * The login of the user an OAuth access token (from {@link #signIn}) belongs to, as iNaturalist's
     * API tells it: the token's JWT ({@code /users/api_token} at the context's base URL) shown to
     * {@code GET <apiUrl>/users/me}. The browser sign-in never asks for the username; this learns it.
     *
     * @param oauthToken the OAuth access token the sign-in gave
     * @param context where iNaturalist's site and API are (its base and API URLs)
     * @return the user's login
     * @throws CredentialsRejectedException when iNaturalist refuses the token
     * @throws ServerException when the servers cannot be reached or answer without a login
     */
    public String userLogin(Token oauthToken, ProviderContext context) {
        HttpTokenIssuer issuer = new HttpTokenIssuer(context);
        return issuer.login(issuer.exchangeForJwt(oauthToken.value()).value());
    }

    /** base64url without padding of {@code bytes} random bytes. */
    private static String randomToken(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** The S256 challenge of a verifier (RFC 7636). */
    static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    @Override
    public String toString() {
        return "BrowserSignIn[" + (baseUrl == null ? "base URL of the caller" : ServerUrls.display(baseUrl)) + ", appId=" + appId + ", pkce=" + pkce
                + (outOfBand != null ? ", out of band" : ", port=" + port) + "]";
    }

    /** Settings for a {@link BrowserSignIn}. */
    public static final class Builder {
        private String appId;
        private Secret appSecret;
        private boolean pkce = true;
        private URI baseUrl;
        private int port;
        private Duration timeout = DEFAULT_TIMEOUT;
        private BrowserOpener opener;
        private PrintStream out = System.err;
        private Reader outOfBand;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(30);

        private Builder() {
        }

        /**
         * The app's id.
         *
         * @param appId default: the one {@code InatAuth}'s sources give ({@code INAT_APP_ID})
         * @return this builder
         */
        public Builder appId(String appId) {
            this.appId = appId == null || appId.isEmpty() ? null : appId;
            return this;
        }

        /**
         * The app's secret, needed only without PKCE.
         *
         * @param appSecret default: the one the sources give ({@code INAT_APP_SECRET})
         * @return this builder
         */
        public Builder appSecret(String appSecret) {
            this.appSecret = Secret.ofNullable(appSecret);
            return this;
        }

        /**
         * Whether PKCE (S256) proves the app; off, the app secret does.
         *
         * @param pkce default true
         * @return this builder
         */
        public Builder pkce(boolean pkce) {
            this.pkce = pkce;
            return this;
        }

        /**
         * iNaturalist's site.
         *
         * @param baseUrl default: the {@code InatAuth}'s base URL when used as its grant, else
         *        {@code INAT_AUTH_BASE_URL} / {@code inat.auth.baseUrl}, else {@code https://www.inaturalist.org}
         * @return this builder
         * @throws ConfigurationException when it is not an http(s) URL with a host, or holds user info, a query or a fragment
         */
        public Builder baseUrl(String baseUrl) {
            this.baseUrl = ServerUrls.normalize(Objects.requireNonNull(baseUrl, "baseUrl"), "base URL");
            return this;
        }

        /**
         * The port of the redirect listener on 127.0.0.1.
         *
         * @param port default 0, a free port
         * @return this builder
         * @throws IllegalArgumentException when {@code port} is not a port number
         */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("not a port: " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * How long to wait for the redirect.
         *
         * @param timeout positive; default {@link #DEFAULT_TIMEOUT}
         * @return this builder
         * @throws IllegalArgumentException when {@code timeout} is zero or negative
         */
        public Builder timeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive");
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * How to show the sign-in page.
         *
         * @param opener default {@link BrowserOpener#system} on {@link #out}
         * @return this builder
         */
        public Builder opener(BrowserOpener opener) {
            this.opener = Objects.requireNonNull(opener);
            return this;
        }

        /**
         * Where the address and prompts are printed.
         *
         * @param out default {@code System.err} (stdout stays for tokens)
         * @return this builder
         */
        public Builder out(PrintStream out) {
            this.out = Objects.requireNonNull(out);
            return this;
        }

        /**
         * Out-of-band mode: the redirect URI is {@value #OOB_REDIRECT_URI}, iNaturalist shows a code,
         * and the user pastes it (no listener, no timeout).
         *
         * @param codeReader where one line, the code or the whole redirect address, is read from
         * @return this builder
         */
        public Builder outOfBand(Reader codeReader) {
            this.outOfBand = Objects.requireNonNull(codeReader);
            return this;
        }

        /**
         * How long a connection to iNaturalist may take, for the code exchange.
         *
         * @param timeout default 10 s
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        /**
         * How long iNaturalist may take to answer the code exchange.
         *
         * @param timeout default 30 s
         * @return this builder
         */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        /**
         * Makes the sign-in; nothing is sent until it runs.
         *
         * @return the sign-in, usable any number of times
         * @throws ConfigurationException when the base URL is plain http to another machine
         */
        public BrowserSignIn build() {
            return new BrowserSignIn(this);
        }
    }
}
