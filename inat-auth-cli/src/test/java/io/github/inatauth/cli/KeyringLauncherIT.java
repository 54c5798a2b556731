package io.github.inatauth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.inatauth.testkit.InatTestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * login, token, status and logout with the OS keyring, against the real Secret Service that
 * {@code .ci/with-keyring} starts in a private D-Bus session (never the user's own keyring: without
 * that script's marker variable these tests skip).
 */
class KeyringLauncherIT {
    static final String PASSWORD = "SENTINEL-KEYRING-PASSWORD-19d2";
    static final String APP_SECRET = "SENTINEL-KEYRING-SECRET-6b0e";

    static InatTestServer server;

    @TempDir
    Path home;

    @BeforeAll
    static void start() {
        assumeTrue(System.getenv("INAT_AUTH_KEYRING_HOME") != null && System.getenv("DBUS_SESSION_BUS_ADDRESS") != null,
                "needs the private Secret Service of .ci/with-keyring");
        server = InatTestServer.builder().user("keyring-user", PASSWORD).app("keyring-app", APP_SECRET).start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private Launcher launcher() {
        return new Launcher(home).env("DBUS_SESSION_BUS_ADDRESS", System.getenv("DBUS_SESSION_BUS_ADDRESS"))
                .env("INAT_AUTH_BASE_URL", server.baseUrl().toString()).forbid(PASSWORD, APP_SECRET);
    }

    @Test
    void loginTokenLogout_withTheKeyring_savesUsesAndRemovesTheCredentials() {
        Launcher login = launcher().env("INAT_USERNAME", "keyring-user").env("INAT_APP_ID", "keyring-app")
                .env("INAT_APP_SECRET", APP_SECRET);
        Launcher.Result saved = login.runWithInput(PASSWORD + "\n", "login", "--store", "keyring", "--password-stdin");
        assertThat(saved.exitCode()).as("%s", saved).isZero();
        assertThat(saved.err()).contains("keyring store");

        Launcher fromKeyring = launcher().env("INAT_AUTH_STORE", "keyring");
        int grants = server.grantCount();
        Launcher.Result token = fromKeyring.run("token");
        assertThat(token.exitCode()).as("%s", token).isZero();
        assertThat(token.out()).matches(LauncherIT.JWT_SHAPE);
        assertThat(token.err()).as("nothing for people on a good run, not even a logging library's warning").isEmpty();
        assertThat(server.grantCount()).as("the token login kept in the keyring is used").isEqualTo(grants);

        Launcher.Result status = fromKeyring.run("status");
        assertThat(status.out()).contains("Credentials: complete").containsPattern("password +SE\\*\\*\\* +from keyring")
                .contains("Token store: keyring").containsPattern("JWT +user ke\\*\\*\\*");

        Launcher.Result logout = launcher().run("logout", "--store", "keyring");
        assertThat(logout.exitCode()).as("%s", logout).isZero();
        assertThat(logout.err()).contains("keyring: removed the credentials");

        Launcher.Result after = fromKeyring.run("token");
        assertThat(after.exitCode()).as("%s", after).isEqualTo(ExitCode.MISSING_CREDENTIALS);
    }

    /** The README's promise: after `login --api-token --store keyring`, `token` needs no configuration at all. */
    @Test
    void loginWithApiToken_thenTokenWithNothingConfigured_renewsOnceAndKeepsTheRenewalInTheKeyring() {
        String stale = server.issueApiToken("keyring-user", InatTestServer.DEFAULT_JWT_LIFETIME.minusMinutes(3));
        Launcher.Result saved = launcher().forbid(stale).runWithInput(stale + "\n", "login", "--api-token", "--store",
                "keyring");
        assertThat(saved.exitCode()).as("%s", saved).isZero();
        assertThat(saved.err()).contains("Signed in as keyring-user", "saved to the keyring store");

        int renewals = server.jwtCount();
        Launcher.Result token = launcher().run("token");
        assertThat(token.exitCode()).as("%s", token).isZero();
        assertThat(token.out()).matches(LauncherIT.JWT_SHAPE).isNotEqualTo(stale + "\n");
        assertThat(launcher().run("token").out()).isEqualTo(token.out());
        assertThat(server.jwtCount()).as("one renewal, kept in the keyring for the next run").isEqualTo(renewals + 1);

        Launcher.Result status = launcher().forbid(stale, token.out().strip()).run("status");
        assertThat(status.out()).contains("Personal API token: ey***", "from the keyring store", "renewed at");

        assertThat(launcher().run("logout", "--store", "keyring").exitCode()).isZero();
        assertThat(launcher().run("token").exitCode()).isEqualTo(ExitCode.MISSING_CREDENTIALS);
    }
}
