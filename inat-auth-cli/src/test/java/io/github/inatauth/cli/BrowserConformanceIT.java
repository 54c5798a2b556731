package io.github.inatauth.cli;

import static io.github.inatauth.cli.ConformanceServer.ALICE;
import static io.github.inatauth.cli.ConformanceServer.BOB;
import static io.github.inatauth.cli.ConformanceServer.CONFIDENTIAL_APP;
import static io.github.inatauth.cli.ConformanceServer.PUBLIC_APP;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code inat-auth login --web} against Doorkeeper itself (the conformance server), with the test
 * as the browser on Doorkeeper's own authorize page: PKCE with the loopback redirect and out of
 * band, for a public and a confidential app, and Deny. No username is given: it is learned.
 */
@ExtendWith(ConformanceServer.class)
class BrowserConformanceIT {
    @TempDir
    Path home;

    private Launcher launcher(ConformanceServer server, ConformanceServer.App app, boolean withSecret) throws IOException {
        Path key = home.resolve("key");
        Files.writeString(key, "ab".repeat(32));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        return new Launcher(home).env("INAT_AUTH_BASE_URL", server.baseUrl().toString())
                .env("INAT_AUTH_API_URL", server.apiUrl().toString()).env("INAT_AUTH_HOME", home.resolve("store").toString())
                .env("INAT_AUTH_KEY_FILE", key.toString()).env("INAT_AUTH_STORE", "file").env("INAT_APP_ID", app.id())
                .env("INAT_APP_SECRET", withSecret ? app.secret() : null).forbid(app.secret(), ALICE.password(), BOB.password());
    }

    /** Runs {@code login --web}, answers the authorize page as {@code user} with {@code button}; the command's result. */
    private static Launcher.Result loginWeb(Launcher launcher, ConformanceServer server, ConformanceServer.User user,
            String button, boolean outOfBand) throws Exception {
        Process p = outOfBand ? launcher.start("login", "--web", "--oob", "--store", "file")
                : launcher.start("login", "--web", "--no-browser", "--store", "file");
        if (!outOfBand) {
            p.getOutputStream().close();
        }
        BufferedReader err = WebLoginIT.lines(p.getErrorStream());
        String url = WebLoginIT.awaitAuthorizeUrl(err);
        assertThat(url).startsWith(server.baseUrl() + "/oauth/authorize?").contains("code_challenge_method=S256");
        ConformanceBrowser.Page page = ConformanceBrowser.signedIn(server, user).authorize(url, button);
        if (outOfBand) {
            try (OutputStream in = p.getOutputStream()) {
                String pasted = "Deny".equals(button) ? "\n" : page.shownCode() + "\n";
                in.write(pasted.getBytes(StandardCharsets.UTF_8));
            }
        } else {
            assertThat(page.uri().getHost()).as("redirected to the loopback listener").isEqualTo("127.0.0.1");
        }
        return WebLoginIT.finish(launcher, p, err);
    }

    private static void assertSignedInAndTokenWorks(Launcher launcher, Launcher.Result login) {
        assertThat(login.exitCode()).as("%s", login).isZero();
        assertThat(login.err()).contains("saved the credentials to the file store");
        Launcher.Result token = launcher.run("token");
        assertThat(token.exitCode()).as("%s", token).isZero();
        assertThat(token.out()).matches(LauncherIT.JWT_SHAPE);
        assertThat(launcher.run("status").out()).as("the login learned from the API is saved")
                .containsPattern("username +\\S+ +from file");
    }

    @ParameterizedTest(name = "{0} app, out of band: {1}")
    @CsvSource({"public, false", "confidential, false", "public, true", "confidential, true"})
    void signIn_pkce_savesTheSignInThatTokenUses(String kind, boolean outOfBand, ConformanceServer server) throws Exception {
        ConformanceServer.App app = kind.equals("public") ? PUBLIC_APP : CONFIDENTIAL_APP;
        Launcher launcher = launcher(server, app, app.confidential());
        assertSignedInAndTokenWorks(launcher, loginWeb(launcher, server, outOfBand ? BOB : ALICE, "Authorize", outOfBand));
    }

    @Test
    void confidentialApp_withoutTheSecret_saysTheAppIsProbablyConfidential(ConformanceServer server) throws Exception {
        Launcher launcher = launcher(server, CONFIDENTIAL_APP, false);
        Launcher.Result login = loginWeb(launcher, server, BOB, "Authorize", false);
        assertThat(login.exitCode()).as("%s", login).isEqualTo(ExitCode.REJECTED);
        assertThat(login.err()).contains("invalid_client").contains("probably confidential").contains("INAT_APP_SECRET")
                .contains("Confidential");
    }

    @Test
    void deny_exits4WithAccessDenied(ConformanceServer server) throws Exception {
        Launcher launcher = launcher(server, PUBLIC_APP, false);
        Launcher.Result login = loginWeb(launcher, server, ALICE, "Deny", false);
        assertThat(login.exitCode()).as("%s", login).isEqualTo(ExitCode.REJECTED);
        assertThat(login.err()).contains("access_denied");
        assertThat(launcher.run("status").out()).contains("no cached tokens");
    }

    @Test
    void loopbackRedirect_anyPortMatchesTheRegistered127001(ConformanceServer server) throws Exception {
        ConformanceBrowser.Page page = ConformanceBrowser.signedIn(server, BOB).get(URI.create(server.baseUrl()
                + "/oauth/authorize?client_id=" + PUBLIC_APP.id() + "&response_type=code&redirect_uri="
                + "http%3A%2F%2F127.0.0.1%3A1&code_challenge=" + "a".repeat(43) + "&code_challenge_method=S256"));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).as("Doorkeeper's consent page, not its redirect URI error").contains("value=\"Authorize\"");
    }
}
