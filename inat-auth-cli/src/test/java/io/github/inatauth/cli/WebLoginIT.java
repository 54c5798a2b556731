package io.github.inatauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.inatauth.testkit.InatTestServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code inat-auth login --web} as a process, with the test playing the browser: it reads the
 * sign-in address the command prints, follows it to the testkit's authorize page and from there
 * (a redirect) back to the command's loopback listener, or copies the out-of-band code to its stdin.
 */
class WebLoginIT {
    static InatTestServer server;

    @TempDir
    Path home;

    private Launcher launcher;

    @BeforeAll
    static void start() {
        server = InatTestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void fileStore() throws IOException {
        server.consent(InatTestServer.DEFAULT_USERNAME);
        Path key = home.resolve("key");
        Files.writeString(key, "cd".repeat(32));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        launcher = new Launcher(home).env("INAT_AUTH_BASE_URL", server.baseUrl().toString())
                .env("INAT_AUTH_HOME", home.resolve("store").toString()).env("INAT_AUTH_KEY_FILE", key.toString())
                .env("INAT_AUTH_API_URL", server.apiUrl().toString()).env("INAT_APP_ID", InatTestServer.DEFAULT_APP_ID)
                .forbid(InatTestServer.DEFAULT_PASSWORD, InatTestServer.DEFAULT_APP_SECRET);
    }

    @Test
    void loginWeb_browserComesBack_savesTheSignInThatTokenUses() throws Exception {
        Process p = launcher.start("login", "--web", "--no-browser", "--store", "file");
        p.getOutputStream().close();
        BufferedReader err = lines(p.getErrorStream());
        String url = awaitAuthorizeUrl(err);
        assertThat(url).contains("code_challenge_method=S256").contains("redirect_uri=http%3A%2F%2F127.0.0.1%3A");
        assertThat(browse(url)).contains("Signed in");
        Launcher.Result login = finish(p, err);
        assertThat(login.exitCode()).as("%s", login).isZero();
        assertThat(login.err()).contains("saved the credentials to the file store");
        assertThat(launcher.run("status").out()).as("the login learned from the API is saved")
                .containsPattern("username +\\S+ +from file");

        int grants = server.grantCount();
        Launcher.Result token = launcher.run("token");
        assertThat(token.exitCode()).as("%s", token).isZero();
        assertThat(token.out()).matches(LauncherIT.JWT_SHAPE);
        assertThat(server.grantCount()).as("the sign-in's OAuth token is reused").isEqualTo(grants);
    }

    @Test
    void loginWeb_userRefuses_exits4() throws Exception {
        server.refuseConsent();
        Process p = launcher.start("login", "--web", "--no-browser", "--store", "file");
        p.getOutputStream().close();
        BufferedReader err = lines(p.getErrorStream());
        browse(awaitAuthorizeUrl(err));
        Launcher.Result login = finish(p, err);
        assertThat(login.exitCode()).as("%s", login).isEqualTo(ExitCode.REJECTED);
        assertThat(login.err()).contains("access_denied");
        assertThat(launcher.run("status").out()).contains("no cached tokens");
    }

    @Test
    void loginWeb_outOfBand_takesThePastedCode() throws Exception {
        Process p = launcher.start("login", "--web", "--oob", "--store", "file");
        BufferedReader err = lines(p.getErrorStream());
        String url = awaitAuthorizeUrl(err);
        assertThat(url).contains("redirect_uri=urn%3Aietf%3Awg%3Aoauth%3A2.0%3Aoob");
        Matcher code = Pattern.compile("<code id=\"authorization_code\">([^<]+)</code>").matcher(browse(url));
        assertThat(code.find()).isTrue();
        try (OutputStream in = p.getOutputStream()) {
            in.write((code.group(1) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        Launcher.Result login = finish(p, err);
        assertThat(login.exitCode()).as("%s", login).isZero();
        assertThat(login.err()).doesNotContain(code.group(1));
        assertThat(launcher.run("token", "--oauth").exitCode()).isZero();
    }

    @Test
    void loginWeb_withPasswordStdin_exits2() {
        Launcher.Result r = launcher.run("login", "--web", "--password-stdin");
        assertThat(r.exitCode()).as("%s", r).isEqualTo(ExitCode.USAGE);
    }

    static BufferedReader lines(InputStream in) {
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    static String awaitAuthorizeUrl(BufferedReader err) throws IOException {
        StringBuilder seen = new StringBuilder();
        for (String line = err.readLine(); line != null; line = err.readLine()) {
            seen.append(line).append('\n');
            if (line.contains("/oauth/authorize?")) {
                return line.strip();
            }
        }
        throw new AssertionError("the command printed no sign-in address:\n" + seen);
    }

    /** What a browser does: GET, following the redirect to the loopback listener. */
    private static String browse(String url) throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
        c.setInstanceFollowRedirects(true);
        c.setConnectTimeout(10_000);
        c.setReadTimeout(30_000);
        try (InputStream body = c.getResponseCode() < 400 ? c.getInputStream() : c.getErrorStream()) {
            return body == null ? "" : new String(body.readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            c.disconnect();
        }
    }

    private Launcher.Result finish(Process p, BufferedReader err) throws Exception {
        return finish(launcher, p, err);
    }

    /** Waits for the command's end; what it printed, checked for the launcher's sentinels. */
    static Launcher.Result finish(Launcher launcher, Process p, BufferedReader err) throws Exception {
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        StringBuilder rest = new StringBuilder();
        for (String line = err.readLine(); line != null; line = err.readLine()) {
            rest.append(line).append('\n');
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        Launcher.Result r = new Launcher.Result(p.exitValue(), out, rest.toString());
        launcher.checkNoSecrets(r.out() + r.err());
        return r;
    }
}
