package io.github.inatauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.inatauth.testkit.Fault;
import io.github.inatauth.testkit.InatTestServer;
import io.github.inatauth.testkit.InatTestServer.Endpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image's launcher as a user runs it: every command, each exit code, stdout/stderr separation,
 * and no secret in any output (the launcher helper checks every run for the sentinels below).
 */
class LauncherIT {
    static final String USER = "sentinel-user";
    static final String PASSWORD = "SENTINEL-PASSWORD-7f3a9c";
    static final String APP = "sentinel-app";
    static final String APP_SECRET = "SENTINEL-APP-SECRET-52e1d0";
    static final String PASSPHRASE = "SENTINEL-PASSPHRASE-a41b";
    static final String KEY_HEX = "5e471ce1" + "0123456789abcdef".repeat(3) + "01234567";
    static final String JWT_SHAPE = "[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\n";

    static InatTestServer server;

    @TempDir
    Path home;

    @BeforeAll
    static void startServer() {
        assertThat(Launcher.imageExists()).as("the image at %s (built by mvn package)", Launcher.IMAGE).isTrue();
        server = InatTestServer.builder().user(USER, PASSWORD).app(APP, APP_SECRET).start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    /** The launcher pointed at the test server, with no credentials. */
    private Launcher launcher() {
        return new Launcher(home).env("INAT_AUTH_BASE_URL", server.baseUrl().toString())
                .forbid(PASSWORD, APP_SECRET, PASSPHRASE, KEY_HEX);
    }

    private Launcher withCredentials() {
        return launcher().env("INAT_USERNAME", USER).env("INAT_PASSWORD", PASSWORD).env("INAT_APP_ID", APP)
                .env("INAT_APP_SECRET", APP_SECRET);
    }

    /**
     * The file store in a folder of this test, unlocked by a key file: Argon2id costs each process
     * about a second on a busy machine, so only the passphrase tests pay for it.
     */
    private Launcher withFileStore(Launcher launcher) {
        Path keyFile = home.resolve("store.key");
        try {
            if (!Files.exists(keyFile)) {
                Files.writeString(keyFile, KEY_HEX);
                Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return launcher.env("INAT_AUTH_HOME", home.resolve("store").toString()).env("INAT_AUTH_KEY_FILE", keyFile.toString());
    }

    /** The file store in a folder of this test, unlocked by a passphrase. */
    private Launcher withPassphraseStore(Launcher launcher) {
        return launcher.env("INAT_AUTH_HOME", home.resolve("store").toString()).env("INAT_AUTH_PASSPHRASE", PASSPHRASE);
    }

    private static void assertOneSentence(Launcher.Result r) {
        assertThat(r.out()).as("stdout").isEmpty();
        assertThat(r.err().strip().lines()).as("stderr of %s", r).hasSize(1);
        assertThat(r.err()).startsWith("inat-auth: ").doesNotContain("\tat ").doesNotContain("Exception");
    }

    // ---- token ----------------------------------------------------------------------------------

    @Test
    void token_credentialsInTheEnvironment_printsOnlyTheJwtAndANewline() {
        int grants = server.grantCount();
        Launcher.Result r = withCredentials().run("token");
        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(r.out()).matches(JWT_SHAPE);
        assertThat(r.err()).isEmpty();
        assertThat(server.grantCount()).isEqualTo(grants + 1);
    }

    @Test
    void token_oauth_printsTheOAuthToken() {
        Launcher.Result r = withCredentials().run("token", "--oauth");
        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(r.out()).endsWith("\n").doesNotMatch(JWT_SHAPE);
        assertThat(r.out().strip()).isNotEmpty().doesNotContain(" ");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void token_baseUrlOption_beatsTheEnvironment() {
        Launcher.Result r = withCredentials().env("INAT_AUTH_BASE_URL", "http://127.0.0.1:9")
                .run("token", "--base-url", server.baseUrl().toString(), "--refresh");
        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(r.out()).matches(JWT_SHAPE);
    }

    @Test
    void token_noCredentials_exits3AndSaysWhatToSet() {
        Launcher.Result r = launcher().run("token");
        assertThat(r.exitCode()).as("%s", r).isEqualTo(ExitCode.MISSING_CREDENTIALS);
        assertOneSentence(r);
        assertThat(r.err()).contains("INAT_USERNAME").contains("inat-auth login");
    }

    @Test
    void token_someFieldsMissing_exits3NamingThem() {
        Launcher.Result r = launcher().env("INAT_USERNAME", USER).env("INAT_PASSWORD", PASSWORD).run("token");
        assertThat(r.exitCode()).as("%s", r).isEqualTo(ExitCode.MISSING_CREDENTIALS);
        assertOneSentence(r);
        assertThat(r.err()).contains("app_id").contains("INAT_APP_SECRET");
    }

    @Test
    void token_wrongPassword_exits4() {
        Launcher.Result r = withCredentials().env("INAT_PASSWORD", "SENTINEL-WRONG-PASSWORD").forbid("SENTINEL-WRONG-PASSWORD")
                .run("token");
        assertThat(r.exitCode()).as("%s", r).isEqualTo(ExitCode.REJECTED);
        assertOneSentence(r);
    }

    @Test
    void token_wrongAppSecret_exits4() {
        Launcher.Result r = withCredentials().env("INAT_APP_SECRET", "SENTINEL-WRONG-SECRET").forbid("SENTINEL-WRONG-SECRET")
                .run("token");
        assertThat(r.exitCode()).as("%s", r).isEqualTo(ExitCode.REJECTED);
        assertOneSentence(r);
    }

    @Test
    void token_nothingListensAtTheBaseUrl_exits5() throws IOException {
        int deadPort;
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        Launcher.Result r = withCredentials().run("token", "--base-url", "http://127.0.0.1:" + deadPort);
        assertThat(r.exitCode()).as("%s", r).isEqualTo(ExitCode.SERVER);
        assertOneSentence(r);
    }

    @Test
    void token_serverAnswers500_exits5() {
        try (InatTestServer failing = InatTestServer.builder().user(USER, PASSWORD).app(APP, APP_SECRET).start()) {
            failing.failAlways(Endpoint.TOKEN, Fault.status(500));
            Launcher.Result r = withCredentials().env("INAT_AUTH_BASE_URL", failing.baseUrl().toString()).run("token");
            assertThat(r.exitCode()).as("%s", r).isEqualTo(ExitCode.SERVER);
            assertOneSentence(r);
        }
    }

    @Test
    void token_apiTokenWithAnInjectedLine_printsNothingAndExits5() {
        try (InatTestServer hostile = InatTestServer.builder().user(USER, PASSWORD).app(APP, APP_SECRET).start()) {
            String jwt = hostile.issueJwt(USER);
            hostile.failNext(Endpoint.API_TOKEN, Fault.status(200, "application/json",
                    "{\"api_token\":\"" + jwt + "\\nX-Injected: 1\"}"));
            Launcher.Result r = withCredentials().env("INAT_AUTH_BASE_URL", hostile.baseUrl().toString())
                    .forbid(jwt, "X-Injected").run("token");
            assertThat(r.exitCode()).as("%s", r).isEqualTo(ExitCode.SERVER);
            assertOneSentence(r);
            assertThat(r.err()).contains("/users/api_token", "'api_token'", "line break");
        }
    }

    @Test
    void token_accessTokenAsANumber_printsNothingAndExits5() {
        try (InatTestServer hostile = InatTestServer.builder().user(USER, PASSWORD).app(APP, APP_SECRET).start()) {
            hostile.failNext(Endpoint.TOKEN, Fault.status(200, "application/json", "{\"access_token\":4242424242}"));
            Launcher.Result r = withCredentials().env("INAT_AUTH_BASE_URL", hostile.baseUrl().toString())
                    .forbid("4242424242").run("token", "--oauth");
            assertThat(r.exitCode()).as("%s", r).isEqualTo(ExitCode.SERVER);
            assertOneSentence(r);
            assertThat(r.err()).contains("/oauth/token", "JSON number");
        }
    }

    @Test
    void token_failureWithVerbose_showsTheStackTraceButNoSecret() {
        Launcher.Result r = withCredentials().env("INAT_PASSWORD", "SENTINEL-WRONG-PASSWORD").forbid("SENTINEL-WRONG-PASSWORD")
                .run("token", "--verbose");
        assertThat(r.exitCode()).as("%s", r).isEqualTo(ExitCode.REJECTED);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("CredentialsRejectedException").contains("\tat ");
    }

    @Test
    void token_baseUrlInTheEnvironmentIsNotAUrl_exits2() {
        Launcher.Result r = withCredentials().env("INAT_AUTH_BASE_URL", "ftp://example.org").run("token");
        assertThat(r.exitCode()).as("%s", r).isEqualTo(ExitCode.USAGE);
        assertOneSentence(r);
    }

    @Test
    void token_unknownOption_exits2() {
        Launcher.Result r = withCredentials().run("token", "--jwt");
        assertThat(r.exitCode()).as("%s", r).isEqualTo(ExitCode.USAGE);
        assertOneSentence(r);
    }

    // ---- status ---------------------------------------------------------------------------------

    @Test
    void status_credentialsInTheEnvironment_showsMaskedFieldsAndWhereEachCameFrom() {
        Launcher.Result r = withCredentials().env("INAT_APP_ID", null).env("INAT_AUTH_SOURCES", "env").run("status");
        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(r.out()).contains("incomplete, no app id")
                .containsPattern("password +SE\\*\\*\\* +from env")
                .containsPattern("app secret +SE\\*\\*\\* +from env")
                .containsPattern("app id +- +not set \\(INAT_APP_ID\\)")
                .contains("env      gives username, password, app secret")
                .contains("Token store: memory");
        assertThat(r.out()).doesNotContain(USER);
        assertThat(r.err()).isEmpty();
    }

    @Test
    void status_fileStoreWithTokens_showsTheirExpiry() {
        Launcher launcher = withFileStore(withCredentials());
        assertThat(launcher.run("token").exitCode()).isZero();
        Launcher.Result r = launcher.run("status");
        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(r.out()).contains("Token store: file")
                .containsPattern("JWT +user se\\*\\*\\*, app se\\*\\*\\*, http://127\\.0\\.0\\.1:\\d+: obtained \\S+, expires \\S+ \\(in 2\\d h")
                .containsPattern("OAUTH +user .*no expiry");
    }

    @Test
    void status_wrongPassphraseForTheFileStore_exits6() {
        Launcher launcher = withPassphraseStore(withCredentials());
        assertThat(launcher.run("token").exitCode()).isZero();
        Launcher.Result r = launcher.env("INAT_AUTH_PASSPHRASE", "SENTINEL-OTHER-PASSPHRASE").forbid("SENTINEL-OTHER-PASSPHRASE")
                .run("status");
        assertThat(r.exitCode()).as("%s", r).isEqualTo(ExitCode.STORE);
        assertThat(r.out()).contains("Token store: file").contains("FAILED");
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("INAT_AUTH_PASSPHRASE");
    }

    // ---- the file store across processes -------------------------------------------------------

    @Test
    void token_twiceInTwoProcessesWithTheFileStore_makesOneGrant() {
        Launcher launcher = withFileStore(withCredentials());
        int grants = server.grantCount();
        int jwts = server.jwtCount();
        Launcher.Result first = launcher.run("token");
        Launcher.Result second = launcher.run("token");
        assertThat(first.exitCode()).as("%s", first).isZero();
        assertThat(second.exitCode()).as("%s", second).isZero();
        assertThat(second.out()).isEqualTo(first.out()).matches(JWT_SHAPE);
        assertThat(server.grantCount() - grants).isEqualTo(1);
        assertThat(server.jwtCount() - jwts).isEqualTo(1);
    }

    @Test
    void token_damagedFileStore_exits6() throws IOException {
        Launcher launcher = withFileStore(withCredentials());
        assertThat(launcher.run("token").exitCode()).isZero();
        try (Stream<Path> files = Files.list(home.resolve("store"))) {
            for (Path f : files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().contains("lock")).toList()) {
                byte[] bytes = Files.readAllBytes(f);
                if (bytes.length > 0) {
                    bytes[bytes.length - 1] ^= 0x01;
                    Files.write(f, bytes);
                }
            }
        }
        Launcher.Result r = launcher.run("token");
        assertThat(r.exitCode()).as("%s", r).isEqualTo(ExitCode.STORE);
        assertOneSentence(r);
    }

    // ---- login and logout -----------------------------------------------------------------------

    @Test
    void login_passwordStdinToTheFileStore_savesCredentialsThatTokenUsesWithoutANewGrant() {
        Launcher login = withPassphraseStore(launcher()).env("INAT_USERNAME", USER).env("INAT_APP_ID", APP);
        int grants = server.grantCount();
        Launcher.Result r = login.runWithInput(PASSWORD + "\n" + APP_SECRET + "\n", "login", "--store", "file",
                "--password-stdin");
        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("saved the credentials to the file store");
        assertThat(server.grantCount()).isEqualTo(grants + 1);

        // only the store's passphrase now: the credentials and the token come from the file store
        Launcher later = withPassphraseStore(launcher());
        Launcher.Result token = later.run("token");
        assertThat(token.exitCode()).as("%s", token).isZero();
        assertThat(token.out()).matches(JWT_SHAPE);
        assertThat(server.grantCount()).isEqualTo(grants + 1);

        Launcher.Result status = later.run("status");
        assertThat(status.out()).contains("Credentials: complete").containsPattern("password +SE\\*\\*\\* +from file");
    }

    @Test
    void login_wrongPassword_exits4AndSavesNothing() {
        Launcher login = withFileStore(launcher()).env("INAT_USERNAME", USER).env("INAT_APP_ID", APP)
                .env("INAT_APP_SECRET", APP_SECRET).forbid("SENTINEL-WRONG-PASSWORD");
        Launcher.Result r = login.runWithInput("SENTINEL-WRONG-PASSWORD\n", "login", "--store", "file", "--password-stdin");
        assertThat(r.exitCode()).as("%s", r).isEqualTo(ExitCode.REJECTED);
        assertOneSentence(r);
        Launcher.Result token = withFileStore(launcher()).run("token");
        assertThat(token.exitCode()).as("%s", token).isEqualTo(ExitCode.MISSING_CREDENTIALS);
    }

    @Test
    void login_fieldsMissingAndNoConsole_exits3NamingTheVariables() {
        Launcher.Result r = withFileStore(launcher()).env("INAT_USERNAME", USER).runWithInput("", "login", "--store", "file");
        assertThat(r.exitCode()).as("%s", r).isEqualTo(ExitCode.MISSING_CREDENTIALS);
        assertOneSentence(r);
        assertThat(r.err()).contains("INAT_PASSWORD").contains("INAT_APP_ID").contains("--password-stdin");
    }

    @Test
    void login_emptyStdin_exits3() {
        Launcher.Result r = withFileStore(withCredentials()).runWithInput("", "login", "--store", "file", "--password-stdin");
        assertThat(r.exitCode()).as("%s", r).isEqualTo(ExitCode.MISSING_CREDENTIALS);
        assertOneSentence(r);
    }

    @Test
    void login_fileStoreWithoutPassphraseOrKey_exits6() {
        Launcher.Result r = withCredentials().run("login", "--store", "file");
        assertThat(r.exitCode()).as("%s", r).isEqualTo(ExitCode.STORE);
        assertOneSentence(r);
        assertThat(r.err()).contains("INAT_AUTH_PASSPHRASE");
    }

    @Test
    void logout_fileStore_removesCredentialsAndTokens() {
        Launcher launcher = withFileStore(withCredentials());
        assertThat(launcher.run("login", "--store", "file").exitCode()).isZero();
        Launcher.Result r = launcher.run("logout", "--store", "file");
        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("removed the credentials").contains("cached token");
        Launcher.Result token = withFileStore(launcher()).run("token");
        assertThat(token.exitCode()).as("%s", token).isEqualTo(ExitCode.MISSING_CREDENTIALS);
        Launcher.Result status = withFileStore(launcher()).run("status");
        assertThat(status.out()).contains("no cached tokens");
    }

    @Test
    void logout_keyringWithoutADBusSession_exits6() {
        Launcher.Result r = launcher().run("logout", "--store", "keyring");
        assertThat(r.exitCode()).as("%s", r).isEqualTo(ExitCode.STORE);
        assertOneSentence(r);
        assertThat(r.err()).contains("D-Bus");
    }

    @Test
    void logout_noStoreNamed_skipsTheStoresThatAreNotHere() {
        Launcher.Result r = launcher().run("logout");
        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(r.err()).contains("keyring: not available here").contains("file: ");
    }

    // ---- the rest -------------------------------------------------------------------------------

    @Test
    void demo_runsTheWholeFlowAndExits0() {
        Launcher.Result r = new Launcher(home).forbid(InatTestServer.DEFAULT_PASSWORD, InatTestServer.DEFAULT_APP_SECRET)
                .run("demo");
        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(r.out()).contains("served from the cache").contains("Forced refresh").contains("accepted")
                .contains("Without an OAuth app", "1 renewal, 0 grants").contains("Done.").doesNotContain("!!");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void help_andVersion_exit0OnStdout() {
        Launcher.Result help = launcher().run("--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("token", "login", "logout", "status", "demo");
        assertThat(help.err()).isEmpty();
        Launcher.Result version = launcher().run("--version");
        assertThat(version.exitCode()).isZero();
        assertThat(version.out()).startsWith("inat-auth ");
    }

    @Test
    void image_holdsTheBashCompletionScript() throws IOException {
        Path script = Launcher.IMAGE.resolve("completion/inat-auth.bash");
        assertThat(script).exists();
        assertThat(Files.readString(script)).contains("complete -F").contains("token").contains("--password-stdin");
    }
}
