package io.github.inatauth.http;

import io.github.inatauth.internal.shared.JwtClaims;
import static io.github.inatauth.http.TestSupport.auth;
import static io.github.inatauth.http.TestSupport.envWithDefaults;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.inatauth.ConfigurationException;
import io.github.inatauth.CredentialsRejectedException;
import io.github.inatauth.InatAuth;
import io.github.inatauth.MissingCredentialsException;
import io.github.inatauth.ServerException;
import io.github.inatauth.TokenType;
import io.github.inatauth.http.internal.HttpTransport;
import io.github.inatauth.spi.Setting;
import io.github.inatauth.testkit.Fault;
import io.github.inatauth.testkit.InatTestServer;
import io.github.inatauth.testkit.InatTestServer.Endpoint;
import io.github.inatauth.testkit.InatTestServerExtension;
import io.github.inatauth.testkit.RecordedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** pyinaturalist's auth tests (checklist 1-10) and the HTTP rules of docs/architecture.md, end to end through {@link InatAuth}. */
class PasswordGrantTest {

    @RegisterExtension
    final InatTestServerExtension kit = new InatTestServerExtension();

    private InatTestServer server() {
        return kit.server();
    }

    @Test
    void accessToken_default_returnsJwtFromApiToken() {
        try (InatAuth auth = auth(server(), envWithDefaults(server())).build()) {
            String jwt = auth.accessToken();
            assertThat(jwt.split("\\.")).hasSize(3);
            assertThat(JwtClaims.expiry(jwt)).isPresent();
            assertThat(server().grantCount()).isEqualTo(1);
            assertThat(server().jwtCount()).isEqualTo(1);
        }
    }

    @Test
    void accessToken_oauth_returnsAccessTokenWithoutJwtRequest() {
        try (InatAuth auth = auth(server(), envWithDefaults(server())).build()) {
            String token = auth.accessToken(TokenType.OAUTH);
            assertThat(token).doesNotContain(".");
            assertThat(server().grantCount()).isEqualTo(1);
            assertThat(server().jwtCount()).isZero();
        }
    }

    @Test
    void accessToken_secondCall_returnsCachedJwt() {
        try (InatAuth auth = auth(server(), envWithDefaults(server())).build()) {
            assertThat(auth.accessToken()).isEqualTo(auth.accessToken());
            assertThat(server().grantCount()).isEqualTo(1);
            assertThat(server().jwtCount()).isEqualTo(1);
        }
    }

    @Test
    void passwordGrant_sendsJsonBodyWithExactlyTheFiveFieldsAndLibraryHeaders() {
        try (InatAuth auth = auth(server(), envWithDefaults(server())).build()) {
            auth.accessToken();
        }
        RecordedRequest grant = server().requests(Endpoint.TOKEN).get(0);
        assertThat(grant.method()).isEqualTo("POST");
        assertThat(grant.header("Content-Type")).startsWith("application/json");
        assertThat(grant.params()).containsOnlyKeys("grant_type", "client_id", "client_secret", "username", "password");
        assertThat(grant.params()).containsEntry("grant_type", "password")
                .containsEntry("client_id", InatTestServer.DEFAULT_APP_ID)
                .containsEntry("client_secret", InatTestServer.DEFAULT_APP_SECRET)
                .containsEntry("username", InatTestServer.DEFAULT_USERNAME)
                .containsEntry("password", InatTestServer.DEFAULT_PASSWORD);
        for (RecordedRequest r : server().requests()) {
            assertThat(r.header("Accept")).isEqualTo("application/json");
            assertThat(r.header("User-Agent")).startsWith("inat-auth/");
        }
        RecordedRequest jwt = server().requests(Endpoint.API_TOKEN).get(0);
        assertThat(jwt.header("Authorization")).startsWith("Bearer ");
    }

    @Test
    void passwordGrant_formBodySetting_isAcceptedToo() {
        Map<String, String> props = TestSupport.fastRetryProperties();
        props.put(Setting.HTTP_BODY_FORMAT.systemProperty().orElseThrow(), "form");
        try (InatAuth auth = auth(server(), envWithDefaults(server())).systemProperties(props::get).build()) {
            assertThat(auth.accessToken()).isNotEmpty();
        }
        assertThat(server().requests(Endpoint.TOKEN).get(0).header("Content-Type"))
                .startsWith("application/x-www-form-urlencoded");
    }

    @Test
    void accessToken_environmentAlone_isEnough() {
        try (InatAuth auth = auth(server(), envWithDefaults(server())).build()) {
            assertThat(auth.accessToken()).isNotEmpty();
            assertThat(auth.credentialReport().sourceOf(io.github.inatauth.Credentials.Field.PASSWORD)).contains("env");
        }
    }

    @Test
    void accessToken_userFromEnvironmentAppGivenExplicitly_usesBoth() {
        server().addApp("explicit-app", "explicit-secret");
        Map<String, String> env = envWithDefaults(server());
        env.put("INAT_APP_ID", "env-app-that-does-not-exist");
        env.put("INAT_APP_SECRET", "env-secret");
        try (InatAuth auth = auth(server(), env).appId("explicit-app").appSecret("explicit-secret").build()) {
            assertThat(auth.accessToken()).isNotEmpty();
        }
        RecordedRequest grant = server().requests(Endpoint.TOKEN).get(0);
        assertThat(grant.param("client_id")).isEqualTo("explicit-app");
        assertThat(grant.param("username")).isEqualTo(InatTestServer.DEFAULT_USERNAME);
    }

    @Test
    void accessToken_missingFields_namesThemAndWhereItLooked() {
        Map<String, String> env = new HashMap<>();
        env.put("INAT_USERNAME", "someone");
        try (InatAuth auth = auth(server(), env).build()) {
            assertThatThrownBy(auth::accessToken).isInstanceOf(MissingCredentialsException.class)
                    .hasMessageContaining("password").hasMessageContaining("app_id")
                    .hasMessageContaining("env").hasMessageContaining("INAT_AUTH_REMOTE_URL");
        }
        assertThat(server().grantCount()).isZero();
    }

    @Test
    void accessToken_wrongPassword_isRejectedWithInvalidGrant() {
        Map<String, String> env = envWithDefaults(server());
        env.put("INAT_PASSWORD", "wrong");
        try (InatAuth auth = auth(server(), env).build()) {
            assertThatThrownBy(auth::accessToken).isInstanceOfSatisfying(CredentialsRejectedException.class, e -> {
                assertThat(e.error()).contains("invalid_grant");
                assertThat(e.statusCode()).isEqualTo(400);
                assertThat(e.getMessage()).contains("INAT_PASSWORD");
            });
        }
        assertThat(server().requestCount(Endpoint.TOKEN)).isEqualTo(1); // a 4xx is never retried
    }

    @Test
    void accessToken_wrongAppSecret_isRejectedWithInvalidClient() {
        Map<String, String> env = envWithDefaults(server());
        env.put("INAT_APP_SECRET", "wrong");
        try (InatAuth auth = auth(server(), env).build()) {
            assertThatThrownBy(auth::accessToken).isInstanceOfSatisfying(CredentialsRejectedException.class, e -> {
                assertThat(e.error()).contains("invalid_client");
                assertThat(e.statusCode()).isEqualTo(401);
            });
        }
        assertThat(server().requestCount(Endpoint.TOKEN)).isEqualTo(1);
    }

    @Test
    void accessToken_unknownOAuthErrorCode_survives() {
        server().failNext(Endpoint.TOKEN, Fault.status(400, "application/json",
                "{\"error\":\"account_suspended\",\"error_description\":\"This account is suspended.\"}"));
        try (InatAuth auth = auth(server(), envWithDefaults(server())).build()) {
            assertThatThrownBy(auth::accessToken).isInstanceOfSatisfying(CredentialsRejectedException.class, e -> {
                assertThat(e.error()).contains("account_suspended");
                assertThat(e.getMessage()).contains("This account is suspended.");
            });
        }
    }

    @Test
    void accessToken_suspendedAccount_quotesINaturalistsText_andTheEnd_withoutThePasswordHint() {
        // as iNaturalist's OauthTokensController answers; suspended_until is shown when a server sends it
        server().failNext(Endpoint.TOKEN, Fault.status(400, "text/html", "{\"error\":\"invalid_grant\","
                + "\"error_description\":\"This user has been suspended\",\"suspended_until\":\"2031-05-06T07:08:09Z\"}"));
        server().failNext(Endpoint.TOKEN, Fault.status(400, "text/html",
                "{\"error\":\"invalid_grant\",\"error_description\":\"This user has been suspended\"}"));
        for (String until : new String[] {"(suspended until 2031-05-06T07:08:09Z)", ""}) {
            try (InatAuth auth = auth(server(), envWithDefaults(server())).build()) {
                assertThatThrownBy(auth::accessToken).isInstanceOfSatisfying(CredentialsRejectedException.class, e -> {
                    assertThat(e.error()).contains("invalid_grant");
                    assertThat(e.getMessage()).contains("This user has been suspended", until,
                            "the account is suspended").doesNotContain("INAT_PASSWORD");
                });
            }
        }
    }

    @Test
    void accessToken_longErrorDescription_isShortened() {
        String longText = "x".repeat(5000);
        server().failNext(Endpoint.TOKEN, Fault.status(400, "application/json",
                "{\"error\":\"invalid_grant\",\"error_description\":\"" + longText + "\"}"));
        try (InatAuth auth = auth(server(), envWithDefaults(server())).build()) {
            assertThatThrownBy(auth::accessToken).isInstanceOf(CredentialsRejectedException.class)
                    .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(500));
        }
    }

    @Test
    void accessToken_jwtRequestRefusedAfterGoodGrant_isRejected() {
        server().failNext(Endpoint.API_TOKEN, Fault.status(401));
        try (InatAuth auth = auth(server(), envWithDefaults(server())).build()) {
            assertThatThrownBy(auth::accessToken).isInstanceOfSatisfying(CredentialsRejectedException.class, e -> {
                assertThat(e.statusCode()).isEqualTo(401);
                assertThat(e.error()).isPresent();
            });
        }
        assertThat(server().grantCount()).isEqualTo(1);
    }

    @Test
    void refreshAccessToken_bypassesEveryCache() {
        try (InatAuth auth = auth(server(), envWithDefaults(server())).store("memory").build()) {
            String first = auth.accessToken();
            // two JWTs of one second are equal (exp is all that differs): a minute on, they differ
            server().clock(java.time.Clock.offset(java.time.Clock.systemUTC(), java.time.Duration.ofMinutes(1)));
            String second = auth.refreshAccessToken();
            assertThat(second).isNotEqualTo(first);
            assertThat(server().grantCount()).isEqualTo(2);
            assertThat(server().jwtCount()).isEqualTo(2);
            assertThat(auth.accessToken()).isEqualTo(second);
        }
    }

    @Test
    void accessToken_droppedConnectionOnGrant_isRetriedAndSucceeds() {
        server().failNext(Endpoint.TOKEN, Fault.dropConnection());
        try (InatAuth auth = auth(server(), envWithDefaults(server())).build()) {
            assertThat(auth.accessToken()).isNotEmpty();
        }
        assertThat(server().requestCount(Endpoint.TOKEN)).isEqualTo(2);
    }

    @Test
    void accessToken_tooManyRequestsWithShortRetryAfter_waitsAndSucceeds() {
        server().failNext(Endpoint.TOKEN, Fault.tooManyRequests(Duration.ofSeconds(1)));
        try (InatAuth auth = auth(server(), envWithDefaults(server())).build()) {
            assertThat(auth.accessToken()).isNotEmpty();
        }
        assertThat(server().requestCount(Endpoint.TOKEN)).isEqualTo(2);
    }

    @Test
    void accessToken_bare429WithHtmlBody_failsAtOnceSayingTheRateLimitAndAMinute() {
        // iNaturalist's front proxy: 429, an HTML page, no Retry-After; a minute does not fit the 20 s default
        server().failNext(Endpoint.API_TOKEN, Fault.status(429, "text/html; charset=utf-8",
                "<html><body><h1>429 Too Many Requests</h1></body></html>"));
        try (InatAuth auth = auth(server(), envWithDefaults(server())).build()) {
            assertThatThrownBy(auth::accessToken).isInstanceOfSatisfying(ServerException.class, e -> {
                assertThat(e.statusCode()).hasValue(429);
                assertThat(e.retryAfter()).contains(HttpTransport.BARE_429_WAIT);
                assertThat(e.getMessage()).contains(server().baseUrl() + "/users/api_token")
                        .contains("no Retry-After").contains("100 requests a minute").contains("10,000 a day")
                        .doesNotContain("Too Many Requests</h1>");
            });
        }
        assertThat(server().requestCount(Endpoint.API_TOKEN)).isEqualTo(1);
    }

    @Test
    void accessToken_serverSlowerThanTheCallTimeout_failsSayingWhatItWaitedFor() {
        // issue 13.5: the request timeout (30 s) would let this wait; the call timeout ends it
        server().failNext(Endpoint.TOKEN, Fault.delay(Duration.ofSeconds(5)));
        try (InatAuth auth = auth(server(), envWithDefaults(server())).callTimeout(Duration.ofMillis(500)).build()) {
            assertThatThrownBy(auth::accessToken).isInstanceOf(ServerException.class)
                    .hasMessageContaining("the password grant").hasMessageContaining("call timeout");
        }
        assertThat(server().requestCount(Endpoint.TOKEN)).isEqualTo(1);
    }

    @Test
    void accessToken_serverErrorsLongerThanTheCallTimeout_noTryStartsAfterIt() {
        server().failAlways(Endpoint.TOKEN, Fault.status(503));
        Map<String, String> slowRetries = new HashMap<>(TestSupport.fastRetryProperties());
        slowRetries.put(Setting.HTTP_RETRY_DELAY.systemProperty().orElseThrow(), "2000");
        try (InatAuth auth = auth(server(), envWithDefaults(server())).systemProperties(slowRetries::get)
                .callTimeout(Duration.ofMillis(500)).build()) {
            assertThatThrownBy(auth::accessToken).isInstanceOf(ServerException.class)
                    .hasMessageContaining("call timeout of 0.5 s").hasMessageContaining("waiting for the server to recover");
        }
        assertThat(server().requestCount(Endpoint.TOKEN)).isEqualTo(1);
    }

    @Test
    void accessToken_tooManyRequestsWithLongRetryAfter_failsAtOnceCarryingIt() {
        server().failNext(Endpoint.TOKEN, Fault.tooManyRequests(Duration.ofMinutes(10)));
        try (InatAuth auth = auth(server(), envWithDefaults(server())).build()) {
            assertThatThrownBy(auth::accessToken).isInstanceOfSatisfying(ServerException.class, e -> {
                assertThat(e.statusCode()).hasValue(429);
                assertThat(e.retryAfter()).contains(Duration.ofMinutes(10));
            });
        }
        assertThat(server().requestCount(Endpoint.TOKEN)).isEqualTo(1);
    }

    @Test
    void accessToken_serverErrorsEveryTime_retriedThenServerException() {
        server().failAlways(Endpoint.TOKEN, Fault.status(503));
        try (InatAuth auth = auth(server(), envWithDefaults(server())).build()) {
            assertThatThrownBy(auth::accessToken).isInstanceOfSatisfying(ServerException.class, e -> {
                assertThat(e.statusCode()).hasValue(503);
                assertThat(e.getMessage()).contains(server().baseUrl() + "/oauth/token").contains("3 tries");
            });
        }
        assertThat(server().requestCount(Endpoint.TOKEN)).isEqualTo(3);
    }

    @Test
    void accessToken_serverErrorOnce_isRetriedAndSucceeds() {
        server().failNext(Endpoint.API_TOKEN, Fault.status(502));
        try (InatAuth auth = auth(server(), envWithDefaults(server())).build()) {
            assertThat(auth.accessToken()).isNotEmpty();
        }
        assertThat(server().requestCount(Endpoint.API_TOKEN)).isEqualTo(2);
    }

    @Test
    void accessToken_htmlAnswer_isServerExceptionNamingUrlStatusAndType() {
        server().failNext(Endpoint.TOKEN, Fault.nonJson());
        try (InatAuth auth = auth(server(), envWithDefaults(server())).build()) {
            assertThatThrownBy(auth::accessToken).isInstanceOf(ServerException.class)
                    .hasMessageContaining(server().baseUrl() + "/oauth/token").hasMessageContaining("HTTP 200")
                    .hasMessageContaining("text/html").hasMessageContaining("not iNaturalist's JSON")
                    .hasMessageNotContaining("maintenance");
        }
        assertThat(server().requestCount(Endpoint.TOKEN)).isEqualTo(1);
    }

    @Test
    void accessToken_bodyOver64KiB_isRefused() {
        server().failNext(Endpoint.TOKEN, Fault.oversizedBody(64 * 1024 + 1));
        try (InatAuth auth = auth(server(), envWithDefaults(server())).build()) {
            assertThatThrownBy(auth::accessToken).isInstanceOf(ServerException.class).hasMessageContaining("64 KiB");
        }
    }

    @Test
    void accessToken_bodyOfExactly64KiB_isRead() {
        // a JSON body just at the limit is read (and then lacks access_token)
        server().failNext(Endpoint.TOKEN, Fault.oversizedBody(64 * 1024));
        try (InatAuth auth = auth(server(), envWithDefaults(server())).build()) {
            assertThatThrownBy(auth::accessToken).isInstanceOf(ServerException.class)
                    .hasMessageContaining("without 'access_token'");
        }
    }

    @Test
    void build_plainHttpToAnotherHost_isRefused() {
        Map<String, String> env = envWithDefaults(server());
        assertThatThrownBy(() -> InatAuth.builder().environment(env::get).baseUrl("http://example.org").build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("https://");
        assertThatThrownBy(() -> InatAuth.builder().environment(env::get).baseUrl("https://example.org")
                .apiUrl("http://10.0.0.1/v1").build()).isInstanceOf(ConfigurationException.class);
    }

    @Test
    void build_baseOrApiUrlWithUserInfoQueryOrFragment_refusedWithoutShowingThem() {
        Map<String, String> env = envWithDefaults(server());
        String base = server().baseUrl().toString();
        for (String bad : List.of(base.replace("://", "://alice:pw-8c1e@"), base + "/?q=pw-8c1e", base + "#pw-8c1e")) {
            assertThatThrownBy(() -> InatAuth.builder().environment(env::get).baseUrl(bad).build()).as(bad)
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("base URL")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("pw-8c1e").doesNotContain("alice"));
            assertThatThrownBy(() -> InatAuth.builder().environment(env::get).baseUrl(base).apiUrl(bad).build()).as(bad)
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("API URL")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("pw-8c1e").doesNotContain("alice"));
            Map<String, String> withVariable = new HashMap<>(env);
            withVariable.put("INAT_AUTH_BASE_URL", bad);
            assertThatThrownBy(() -> InatAuth.builder().environment(withVariable::get).build()).as(bad)
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("INAT_AUTH_BASE_URL")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("pw-8c1e").doesNotContain("alice"));
            assertThatThrownBy(() -> BrowserSignIn.builder().baseUrl(bad)).as(bad)
                    .isInstanceOf(ConfigurationException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("pw-8c1e").doesNotContain("alice"));
        }
        assertThat(server().requests()).isEmpty();
    }

    @Test
    void accessToken_upperCaseSchemes_acceptedAndUsedInLowerCase() {
        Map<String, String> env = envWithDefaults(server());
        env.put("INAT_AUTH_BASE_URL", server().baseUrl().toString().replace("http://", "HTTP://") + "/");
        try (InatAuth auth = InatAuth.builder().environment(env::get).store("none").build()) {
            assertThat(auth.accessToken()).startsWith("eyJ");
        }
        try (InatAuth auth = auth(server(), envWithDefaults(server()))
                .apiUrl(server().apiUrl().toString().replace("http://", "Http://")).build()) {
            assertThat(auth.accessToken()).startsWith("eyJ");
        }
    }

    @Test
    void accessToken_requestTimeout_isServerExceptionNamingUrlAndTimeout() {
        server().failNext(Endpoint.TOKEN, Fault.delay(Duration.ofSeconds(3)));
        try (InatAuth auth = auth(server(), envWithDefaults(server())).requestTimeout(Duration.ofMillis(300)).build()) {
            assertThatThrownBy(auth::accessToken).isInstanceOf(ServerException.class)
                    .hasMessageContaining(server().baseUrl() + "/oauth/token").hasMessageContaining("0.3 s");
        }
    }

    @Test
    void accessToken_200ThreadsOnColdInstance_oneGrantAndOneJwtRequest() throws Exception {
        server().delayAll(Endpoint.TOKEN, Duration.ofMillis(200));
        int threads = 200;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (InatAuth auth = auth(server(), envWithDefaults(server())).build()) {
            CountDownLatch start = new CountDownLatch(1);
            Callable<String> call = () -> {
                start.await();
                return auth.accessToken();
            };
            List<Future<String>> all = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                all.add(pool.submit(call));
            }
            start.countDown();
            Set<String> tokens = new HashSet<>();
            for (Future<String> f : all) {
                tokens.add(f.get());
            }
            assertThat(tokens).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(server().grantCount()).isEqualTo(1);
        assertThat(server().jwtCount()).isEqualTo(1);
    }

    @Test
    void isValid_freshJwt_true_andPastItsExpOnTheServersClock_false() {
        try (InatAuth auth = auth(server(), envWithDefaults(server())).build()) {
            String jwt = auth.accessToken();
            assertThat(auth.isValid(jwt)).isTrue();
            assertThat(server().requests(Endpoint.USERS_ME).get(0).header("Authorization")).isEqualTo("Bearer " + jwt);
            // iNaturalist's JWTs cannot be revoked: the server refuses one only past its exp
            server().clock(java.time.Clock.offset(java.time.Clock.systemUTC(), java.time.Duration.ofHours(25)));
            assertThat(auth.isValid(jwt)).isFalse();
        }
    }

    @Test
    void isValid_forbiddenOrBadGatewayEveryTime_false() {
        try (InatAuth auth = auth(server(), envWithDefaults(server())).build()) {
            String jwt = auth.accessToken();
            server().failNext(Endpoint.USERS_ME, Fault.status(403));
            assertThat(auth.isValid(jwt)).isFalse();
            server().failAlways(Endpoint.USERS_ME, Fault.status(502));
            assertThat(auth.isValid(jwt)).isFalse();
        }
    }
}
