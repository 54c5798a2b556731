package io.github.inatauth.cli;

import static io.github.inatauth.cli.ConformanceServer.ALICE;
import static io.github.inatauth.cli.ConformanceServer.BOB;
import static io.github.inatauth.cli.ConformanceServer.CHILD;
import static io.github.inatauth.cli.ConformanceServer.CONFIDENTIAL_APP;
import static io.github.inatauth.cli.ConformanceServer.SUSPENDED;
import static io.github.inatauth.cli.ConformanceServer.UNCONFIRMED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.inatauth.CredentialsRejectedException;
import io.github.inatauth.InatAuth;
import io.github.inatauth.TokenType;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

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
}
