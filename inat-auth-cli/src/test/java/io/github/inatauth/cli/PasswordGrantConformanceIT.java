package io.github.inatauth.cli;

import static io.github.inatauth.cli.ConformanceServer.ALICE;
import static io.github.inatauth.cli.ConformanceServer.BOB;
import static io.github.inatauth.cli.ConformanceServer.CONFIDENTIAL_APP;
import static io.github.inatauth.cli.ConformanceServer.SUSPENDED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.inatauth.CredentialsRejectedException;
import io.github.inatauth.InatAuth;
import io.github.inatauth.Secret;
import io.github.inatauth.TokenType;
import io.github.inatauth.spi.OAuthGrant;
import io.github.inatauth.spi.Token;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The password grant, the JWT exchange and iNaturalist's refusals against Doorkeeper itself (the
 * conformance server), through the library and through the real launcher.
 */
@ExtendWith(ConformanceServer.class)
class PasswordGrantConformanceIT {
    @TempDir
    Path home;

    private static InatAuth.Builder library(ConformanceServer server, ConformanceServer.User user) {
        return InatAuth.builder().baseUrl(server.baseUrl().toString()).apiUrl(server.apiUrl().toString())
                .username(user.login()).password(user.password()).appId(CONFIDENTIAL_APP.id())
                .appSecret(CONFIDENTIAL_APP.secret()).sources().store("none");
    }

    private Launcher launcher(ConformanceServer server, ConformanceServer.User user) {
        return new Launcher(home).env("INAT_AUTH_BASE_URL", server.baseUrl().toString())
                .env("INAT_AUTH_API_URL", server.apiUrl().toString()).env("INAT_USERNAME", user.login())
                .env("INAT_PASSWORD", user.password()).env("INAT_APP_ID", CONFIDENTIAL_APP.id())
                .env("INAT_APP_SECRET", CONFIDENTIAL_APP.secret()).forbid(user.password(), CONFIDENTIAL_APP.secret());
    }

    @Test
    void jsonBody_oddCharactersInThePassword_givesAJwtTheApiAccepts(ConformanceServer server) {
        try (InatAuth auth = library(server, ALICE).build()) {
            String jwt = auth.accessToken();
            assertThat(jwt).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
            assertThat(auth.isValid(jwt)).isTrue();
            assertThat(auth.accessToken(TokenType.OAUTH)).as("Doorkeeper's token: 43 base64url characters")
                    .matches("[A-Za-z0-9_-]{43}");
        }
    }

    @Test
    void formBody_oddCharactersInThePassword_givesAJwt(ConformanceServer server) {
        try (InatAuth auth = library(server, ALICE)
                .systemProperties(name -> "inat.auth.http.bodyFormat".equals(name) ? "form" : null).build()) {
            assertThat(auth.accessToken()).contains(".");
        }
    }

    @Test
    void emailInAnotherCase_isTheUsername(ConformanceServer server) {
        try (InatAuth auth = library(server, new ConformanceServer.User("BOB@example.ORG", BOB.password())).build()) {
            assertThat(auth.accessToken()).contains(".");
        }
    }

    @Test
    void wrongPassword_isInvalidGrant_withThePasswordHint(ConformanceServer server) {
        try (InatAuth auth = library(server, new ConformanceServer.User(BOB.login(), "not-" + BOB.password())).build()) {
            assertThatThrownBy(auth::accessToken).isInstanceOfSatisfying(CredentialsRejectedException.class, e -> {
                assertThat(e.getMessage()).contains("invalid_grant").contains("Invalid email or password.")
                        .contains("check the username and password");
            });
        }
    }

    @Test
    void launcher_token_printsTheJwt(ConformanceServer server) {
        Launcher.Result r = launcher(server, ALICE).run("token");
        assertThat(r.exitCode()).as("%s\n%s", r, server.log()).isZero();
        assertThat(r.out()).matches(LauncherIT.JWT_SHAPE);
        assertThat(r.err()).isEmpty();
    }

    @Test
    void launcher_wrongPassword_exits4(ConformanceServer server) {
        Launcher.Result r = launcher(server, new ConformanceServer.User(BOB.login(), "wrong")).run("token");
        assertThat(r.exitCode()).as("%s", r).isEqualTo(ExitCode.REJECTED);
        assertThat(r.err()).contains("Invalid email or password.").contains("check the username and password");
        assertThat(r.out()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "suspended_sam|sam-password-1|invalid_grant|This user has been suspended",
            "unconfirmed_uma|uma-password-1|invalid_grant|You have to confirm your email address",
            "child_chris|chris-password-1|invalid_grant|Please ask your parents for permission"})
    void accountRefusals_quoteINaturalistsReason_withoutThePasswordHint(String login, String password, String code,
            String reason, ConformanceServer server) {
        try (InatAuth auth = library(server, new ConformanceServer.User(login, password)).build()) {
            assertThatThrownBy(auth::accessToken).isInstanceOfSatisfying(CredentialsRejectedException.class, e -> {
                assertThat(e.getMessage()).contains(code).contains(reason).doesNotContain("check the username and password");
                assertThat(e.error()).contains(code);
            });
        }
    }

    /** iNaturalist answers a suspended account as any refused grant (400 invalid_grant), its reason in the description. */
    @Test
    void suspended_launcherExits4_quotingTheReason_withoutThePasswordHint(ConformanceServer server) {
        Launcher.Result r = launcher(server, SUSPENDED).run("token");
        assertThat(r.exitCode()).as("%s", r).isEqualTo(ExitCode.REJECTED);
        assertThat(r.err()).contains("HTTP 400", "invalid_grant", "This user has been suspended", "the account is suspended")
                .doesNotContain("check the username and password");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void tokenWithoutTheWriteScope_isRefusedAsCredentials_namingTheScope(ConformanceServer server) throws Exception {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("client_id", CONFIDENTIAL_APP.id());
        form.put("client_secret", CONFIDENTIAL_APP.secret());
        form.put("username", BOB.login());
        form.put("password", BOB.password());
        form.put("scope", "login");
        String body = post(server, "/oauth/token", form);
        Matcher token = Pattern.compile("\"access_token\":\"([^\"]+)\"").matcher(body);
        assertThat(token.find()).as(body).isTrue();
        assertThat(body).contains("\"scope\":\"login\"");
        OAuthGrant loginScoped = (credentials, context) -> new Token(Secret.of(token.group(1)), Instant.now(), null);
        try (InatAuth auth = library(server, BOB).grant(loginScoped).build()) {
            assertThatThrownBy(auth::accessToken).isInstanceOfSatisfying(CredentialsRejectedException.class, e -> {
                assertThat(e.getMessage()).contains("HTTP 403").contains("'write' scope");
                assertThat(e.statusCode()).isEqualTo(403);
            });
        }
    }

    @Test
    void revokedOAuthToken_isDroppedAndReplacedByOneNewGrant(ConformanceServer server) throws Exception {
        try (InatAuth auth = library(server, BOB).store("memory").build()) {
            String oauth = auth.accessToken(TokenType.OAUTH);
            String jwt = auth.accessToken();
            Map<String, String> form = new LinkedHashMap<>();
            form.put("token", oauth);
            form.put("client_id", CONFIDENTIAL_APP.id());
            form.put("client_secret", CONFIDENTIAL_APP.secret());
            post(server, "/oauth/revoke", form); // as iNaturalist does on a password change or "revoke access"
            auth.invalidate(jwt); // the next JWT must come from the kept OAuth token, which Doorkeeper now refuses
            String next = auth.accessToken(); // (equal to the first when issued within the same second: exp is all that differs)
            assertThat(auth.isValid(next)).isTrue();
            assertThat(auth.accessToken(TokenType.OAUTH)).as("the revoked token was replaced").isNotEqualTo(oauth);
        }
    }

    /** A form POST to the server; the body of its 200 answer. */
    private static String post(ConformanceServer server, String path, Map<String, String> form) throws IOException {
        HttpURLConnection c = (HttpURLConnection) server.baseUrl().resolve(path).toURL().openConnection();
        c.setDoOutput(true);
        c.setRequestProperty("Content-Type", "application/x-www-form-urlencoded");
        try (OutputStream out = c.getOutputStream()) {
            out.write(ConformanceBrowser.encode(form).getBytes(StandardCharsets.UTF_8));
        }
        assertThat(c.getResponseCode()).as("POST %s", path).isEqualTo(200);
        try (InputStream in = c.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            c.disconnect();
        }
    }
}
