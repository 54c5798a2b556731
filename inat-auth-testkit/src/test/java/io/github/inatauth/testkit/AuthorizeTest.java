package io.github.inatauth.testkit;

import static io.github.inatauth.testkit.InatTestServer.DEFAULT_APP_ID;
import static io.github.inatauth.testkit.InatTestServer.DEFAULT_APP_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.inatauth.testkit.InatTestServer.Endpoint;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AuthorizeTest {
    /** The loopback address every app registered, with a port: Doorkeeper ignores the port of a loopback address. */
    private static final String REDIRECT = "http://127.0.0.1:53682";
    private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-11-27T12:00:00Z"));
    /** On an instance field: a server per test, on this test's clock. */
    @RegisterExtension
    final InatTestServerExtension extension = new InatTestServerExtension(InatTestServer.builder().clock(clock));
    private InatTestServer server;
    private TestHttp http;

    @BeforeEach
    void bind() {
        server = extension.server();
        http = new TestHttp(server);
    }

    private static String s256(String verifier) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private HttpResponse<String> authorize(String redirectUri, String challenge) throws Exception {
        String query = "?response_type=code&client_id=" + DEFAULT_APP_ID + "&redirect_uri=" + enc(redirectUri)
                + "&state=xyz-state" + (challenge == null ? "" : "&code_challenge=" + challenge
                + "&code_challenge_method=S256");
        return http.get("/oauth/authorize" + query);
    }

    private static Map<String, String> redirectQuery(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(302);
        URI location = URI.create(response.headers().firstValue("Location").orElseThrow());
        Map<String, String> query = new LinkedHashMap<>();
        for (String pair : location.getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            query.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return query;
    }

    private HttpResponse<String> exchange(String code, String redirectUri, String verifier, String secret)
            throws Exception {
        Json.ObjectWriter body = Json.object().put("grant_type", "authorization_code").put("client_id", DEFAULT_APP_ID)
                .put("code", code).put("redirect_uri", redirectUri);
        if (verifier != null) {
            body.put("code_verifier", verifier);
        }
        if (secret != null) {
            body.put("client_secret", secret);
        }
        return http.postJson("/oauth/token", body.build());
    }

    @Test
    void authorize_pkceS256_redirectsWithCodeAndStateThenTokenWithVerifier() throws Exception {
        Map<String, String> query = redirectQuery(authorize(REDIRECT, s256(VERIFIER)));

        assertThat(query).containsEntry("state", "xyz-state").containsKey("code");
        HttpResponse<String> token = exchange(query.get("code"), REDIRECT, VERIFIER, null);
        assertThat(TestHttp.member(token, 200, "token_type")).isEqualTo("Bearer");
        assertThat(server.grantCount()).isEqualTo(1);
        assertThat(server.requestCount(Endpoint.AUTHORIZE)).isEqualTo(1);
        assertThat(http.jwtFor(Json.parseFlatObject(token.body()).get("access_token"))).isNotEmpty();
    }

    @Test
    void authorize_redirectUriWithQuery_appendsParameters() throws Exception {
        HttpResponse<String> response = authorize(REDIRECT + "?session=1", s256(VERIFIER));

        assertThat(response.headers().firstValue("Location")).hasValueSatisfying(
                v -> assertThat(v).startsWith(REDIRECT + "?session=1&code="));
    }

    @Test
    void tokenExchange_wrongVerifier_400InvalidGrant() throws Exception {
        String code = redirectQuery(authorize(REDIRECT, s256(VERIFIER))).get("code");

        HttpResponse<String> token = exchange(code, REDIRECT, VERIFIER.replace('d', 'e'), null);

        assertThat(TestHttp.member(token, 400, "error")).isEqualTo("invalid_grant");
        assertThat(server.grantCount()).isZero();
    }

    @Test
    void tokenExchange_missingVerifierForPkceCode_400InvalidGrant() throws Exception {
        String code = redirectQuery(authorize(REDIRECT, s256(VERIFIER))).get("code");

        assertThat(TestHttp.member(exchange(code, REDIRECT, null, DEFAULT_APP_SECRET), 400, "error"))
                .isEqualTo("invalid_grant");
    }

    @Test
    void tokenExchange_codeUsedTwice_secondIsInvalidGrant() throws Exception {
        String code = redirectQuery(authorize(REDIRECT, s256(VERIFIER))).get("code");

        assertThat(exchange(code, REDIRECT, VERIFIER, null).statusCode()).isEqualTo(200);
        assertThat(TestHttp.member(exchange(code, REDIRECT, VERIFIER, null), 400, "error")).isEqualTo("invalid_grant");
    }

    @Test
    void tokenExchange_otherRedirectUri_400InvalidGrant() throws Exception {
        String code = redirectQuery(authorize(REDIRECT, s256(VERIFIER))).get("code");

        assertThat(exchange(code, "http://127.0.0.1:1/other", VERIFIER, null).statusCode()).isEqualTo(400);
    }

    @Test
    void tokenExchange_unknownCode_400InvalidGrant() throws Exception {
        assertThat(TestHttp.member(exchange("made-up", REDIRECT, VERIFIER, null), 400, "error"))
                .isEqualTo("invalid_grant");
    }

    @Test
    void tokenExchange_codeOlderThanTenMinutes_400InvalidGrant() throws Exception {
        String code = redirectQuery(authorize(REDIRECT, s256(VERIFIER))).get("code");

        clock.advance(Duration.ofMinutes(10));

        assertThat(exchange(code, REDIRECT, VERIFIER, null).statusCode()).isEqualTo(400);
    }

    @Test
    void authorize_withoutPkce_exchangeNeedsClientSecret() throws Exception {
        String code = redirectQuery(authorize(REDIRECT, null)).get("code");

        assertThat(TestHttp.member(exchange(code, REDIRECT, null, null), 401, "error")).isEqualTo("invalid_client");
        assertThat(exchange(code, REDIRECT, null, "wrong").statusCode()).isEqualTo(401);
        assertThat(exchange(code, REDIRECT, null, DEFAULT_APP_SECRET).statusCode()).isEqualTo(200);
    }

    @Test
    void refuseConsent_redirectsWithAccessDeniedAndState() throws Exception {
        server.refuseConsent();

        Map<String, String> query = redirectQuery(authorize(REDIRECT, s256(VERIFIER)));

        assertThat(query).containsEntry("error", "access_denied").containsEntry("state", "xyz-state")
                .containsEntry("error_description", AuthEndpoints.ACCESS_DENIED).doesNotContainKey("code");
    }

    @Test
    void consent_otherUser_tokenBelongsToThatUser() throws Exception {
        server.addUser("dora", "dora-pw").consent("dora");
        String code = redirectQuery(authorize(REDIRECT, s256(VERIFIER))).get("code");

        String access = TestHttp.member(exchange(code, REDIRECT, VERIFIER, null), 200, "access_token");

        HttpResponse<String> me = http.get("/v1/users/me", "Authorization", http.jwtFor(access));
        assertThat(me.body()).contains("\"login\":\"dora\"");
    }

    @Test
    void authorize_oob_redirectsToTheNativePage_whichShowsTheCode() throws Exception {
        HttpResponse<String> authorized = authorize(InatTestServer.OOB_REDIRECT_URI, s256(VERIFIER));
        assertThat(authorized.statusCode()).isEqualTo(302);
        String location = authorized.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith("/oauth/authorize/native?code=");

        HttpResponse<String> page = http.get(location);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
        Matcher m = Pattern.compile("<code id=\"authorization_code\">([^<]+)</code>").matcher(page.body());
        assertThat(m.find()).isTrue();
        assertThat(exchange(m.group(1), InatTestServer.OOB_REDIRECT_URI, VERIFIER, null).statusCode()).isEqualTo(200);
    }

    @Test
    void nativePage_showsWhatItIsGiven_escaped() throws Exception {
        HttpResponse<String> page = http.get("/oauth/authorize/native?code=" + enc("<b>x</b>"));

        assertThat(page.body()).contains("<code id=\"authorization_code\">&lt;b&gt;x&lt;/b&gt;</code>");
        assertThat(server.requestCount(Endpoint.AUTHORIZE)).isEqualTo(1);
    }

    @Test
    void authorize_loopbackRedirect_anyPortMatchesTheRegisteredOne_asDoorkeeperRfc8252() throws Exception {
        for (String redirect : new String[] {"http://127.0.0.1:1", "http://127.0.0.1:65535", "http://127.0.0.1"}) {
            String code = redirectQuery(authorize(redirect, s256(VERIFIER))).get("code");
            assertThat(exchange(code, redirect, VERIFIER, null).statusCode()).as(redirect).isEqualTo(200);
        }
    }

    @Test
    void authorize_unregisteredRedirect_errorPageWithoutRedirect() throws Exception {
        // localhost is no IP address (Doorkeeper compares its port); a path or another scheme differs
        for (String redirect : new String[] {"http://localhost:53682", "http://127.0.0.1:53682/callback",
                "https://127.0.0.1:53682", "http://[::1]:53682", "http://example.org"}) {
            HttpResponse<String> response = authorize(redirect, s256(VERIFIER));
            assertThat(response.statusCode()).as(redirect).isEqualTo(400);
            assertThat(response.headers().firstValue("Location")).as(redirect).isEmpty();
            assertThat(response.body()).as(redirect).contains("invalid_redirect_uri");
        }
    }

    @Test
    void authorize_oobRefused_400AccessDenied() throws Exception {
        server.refuseConsent();

        HttpResponse<String> response = authorize(InatTestServer.OOB_REDIRECT_URI, s256(VERIFIER));

        assertThat(TestHttp.member(response, 400, "error")).isEqualTo("access_denied");
    }

    @Test
    void authorize_unknownClient_errorPageWithoutRedirect() throws Exception {
        HttpResponse<String> response = http.get("/oauth/authorize?response_type=code&client_id=nope&redirect_uri="
                + enc(REDIRECT));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Location")).isEmpty();
        assertThat(response.body()).contains("invalid_client");
    }

    @Test
    void authorize_otherResponseType_redirectsWithUnsupportedResponseType() throws Exception {
        HttpResponse<String> response = http.get("/oauth/authorize?response_type=token&client_id=" + DEFAULT_APP_ID
                + "&redirect_uri=" + enc(REDIRECT));

        assertThat(redirectQuery(response)).containsEntry("error", "unsupported_response_type");
    }

    @Test
    void authorize_unknownChallengeMethod_redirectsWithInvalidRequest() throws Exception {
        HttpResponse<String> response = http.get("/oauth/authorize?response_type=code&client_id=" + DEFAULT_APP_ID
                + "&redirect_uri=" + enc(REDIRECT) + "&code_challenge=abc&code_challenge_method=S512");

        assertThat(redirectQuery(response)).containsEntry("error", "invalid_request");
    }
}
