package io.github.inatauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.inatauth.testkit.InatTestServer;
import io.github.inatauth.testkit.InatTestServer.Endpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The personal API token through the image's real launcher: {@code login --api-token} with the token
 * on stdin, then {@code token}, {@code status} and {@code logout} with nothing configured but the file
 * store's key; an expired token is exit 4. The testkit's JWTs live one hour; a "stale" one was issued
 * 57 minutes ago (in the stale window, minutes from expiry).
 */
class ApiTokenLauncherIT {
    private static final Duration LIFE = Duration.ofHours(1);
    private static final String USER = InatTestServer.DEFAULT_USERNAME;

    private InatTestServer server;

    @TempDir
    Path home;

    @BeforeEach
    void start() {
        assertThat(Launcher.imageExists()).as("the image at %s (built by mvn package)", Launcher.IMAGE).isTrue();
        server = InatTestServer.builder().jwtLifetime(LIFE).start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String issuedAgo(Duration ago) {
        return server.issueApiToken(USER, ago);
    }

    /** The launcher with only the server's URL and the file store's place and key file. */
    private Launcher withFileStoreOnly() throws IOException {
        Path keyFile = home.resolve("store.key");
        if (!Files.exists(keyFile)) {
            Files.writeString(keyFile, LauncherIT.KEY_HEX);
            Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
        }
        return new Launcher(home).env("INAT_AUTH_BASE_URL", server.baseUrl().toString())
                .env("INAT_AUTH_HOME", home.resolve("store").toString()).env("INAT_AUTH_KEY_FILE", keyFile.toString())
                .forbid(LauncherIT.KEY_HEX);
    }

    @Test
    void loginWithApiToken_thenTokenStatusLogout_withNothingElseConfigured() throws IOException {
        String given = issuedAgo(LIFE.minusMinutes(3));

        Launcher.Result login = withFileStoreOnly().forbid(given).runWithInput(given + "\n", "login", "--api-token",
                "--store", "file");
        assertThat(login.exitCode()).as("%s", login).isZero();
        assertThat(login.out()).isEmpty();
        assertThat(login.err()).contains("Signed in as " + USER, "user " + server.userId(USER), "valid until",
                "saved to the file store");
        assertThat(server.requestCount(Endpoint.USERS_ME)).isEqualTo(1);

        Launcher.Result token = withFileStoreOnly().run("token");
        assertThat(token.exitCode()).as("%s", token).isZero();
        assertThat(token.out()).matches(LauncherIT.JWT_SHAPE).isNotEqualTo(given + "\n");
        assertThat(server.jwtCount()).as("renewals").isEqualTo(1);
        String renewed = token.out().strip();

        Launcher.Result again = withFileStoreOnly().run("token");
        assertThat(again.out()).isEqualTo(token.out());
        assertThat(server.jwtCount()).as("the renewal is kept in the store").isEqualTo(1);

        Launcher.Result status = withFileStoreOnly().forbid(given, renewed).run("status");
        assertThat(status.exitCode()).as("%s", status).isZero();
        assertThat(status.out()).contains("Personal API token: ey*** of iNaturalist user " + server.userId(USER),
                "from the file store", "renewed at", "personal API token of user " + server.userId(USER));

        Launcher.Result logout = withFileStoreOnly().forbid(given, renewed).run("logout", "--store", "file");
        assertThat(logout.exitCode()).as("%s", logout).isZero();
        Launcher.Result afterLogout = withFileStoreOnly().run("token");
        assertThat(afterLogout.exitCode()).as("%s", afterLogout).isEqualTo(ExitCode.MISSING_CREDENTIALS);
        assertThat(afterLogout.err()).contains("INAT_API_TOKEN");

        assertThat(server.requestCount(Endpoint.TOKEN)).as("grants asked for").isZero();
    }

    @Test
    void token_expiredApiToken_exits4SayingWhenAndWhereToGetANewOne() {
        String expired = issuedAgo(LIFE.plusHours(2));
        Launcher.Result r = new Launcher(home).env("INAT_AUTH_BASE_URL", server.baseUrl().toString())
                .env("INAT_API_TOKEN", expired).forbid(expired).run("token");
        assertThat(r.exitCode()).as("%s", r).isEqualTo(ExitCode.REJECTED);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("inat-auth: ").contains("expired at", server.baseUrl() + "/users/api_token");
    }

    @Test
    void login_apiTokenThatIsNotAJwt_exits2WithoutQuotingIt() throws IOException {
        Launcher.Result r = withFileStoreOnly().forbid("SENTINEL-NOT-A-JWT")
                .runWithInput("SENTINEL-NOT-A-JWT\n", "login", "--api-token", "--store", "file");
        assertThat(r.exitCode()).as("%s", r).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("is not a JWT");
        assertThat(server.requestCount(Endpoint.ANY)).isZero();
    }
}
