package io.github.inatauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.inatauth.testkit.InatTestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code login}'s questions, in this JVM with a scripted console, against the testkit and a file store. */
class LoginPromptTest {
    static InatTestServer server;

    @TempDir
    Path home;

    Map<String, String> env;

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
        Path key = home.resolve("key");
        Files.writeString(key, "ab".repeat(32));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        env = new HashMap<>(Map.of("INAT_AUTH_BASE_URL", server.baseUrl().toString(),
                "INAT_AUTH_HOME", home.resolve("store").toString(), "INAT_AUTH_KEY_FILE", key.toString()));
    }

    @Test
    void login_nothingInTheEnvironment_asksForSecretsWithoutEcho() {
        InProcess.ScriptedConsole console = new InProcess.ScriptedConsole(InatTestServer.DEFAULT_USERNAME,
                InatTestServer.DEFAULT_PASSWORD, InatTestServer.DEFAULT_APP_ID, InatTestServer.DEFAULT_APP_SECRET);
        InProcess r = InProcess.run(env, "", console, "login", "--store", "file");
        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(console.prompts).containsExactly("username: ", "app id: ");
        assertThat(console.secretPrompts).containsExactly("password: ", "app secret: ");
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).doesNotContain(InatTestServer.DEFAULT_PASSWORD).doesNotContain(InatTestServer.DEFAULT_APP_SECRET);
    }

    @Test
    void login_fieldsInTheEnvironment_asksOnlyForTheRest() {
        env.put("INAT_USERNAME", InatTestServer.DEFAULT_USERNAME);
        env.put("INAT_APP_ID", InatTestServer.DEFAULT_APP_ID);
        env.put("INAT_APP_SECRET", InatTestServer.DEFAULT_APP_SECRET);
        InProcess.ScriptedConsole console = new InProcess.ScriptedConsole(InatTestServer.DEFAULT_PASSWORD);
        InProcess r = InProcess.run(env, "", console, "login", "--store", "file");
        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(console.prompts).isEmpty();
        assertThat(console.secretPrompts).containsExactly("password: ");
    }

    @Test
    void login_passwordStdinWithAConsole_readsStdinAndAsksNothing() {
        env.put("INAT_USERNAME", InatTestServer.DEFAULT_USERNAME);
        env.put("INAT_APP_ID", InatTestServer.DEFAULT_APP_ID);
        InProcess.ScriptedConsole console = new InProcess.ScriptedConsole();
        InProcess r = InProcess.run(env, InatTestServer.DEFAULT_PASSWORD + "\n" + InatTestServer.DEFAULT_APP_SECRET + "\n",
                console, "login", "--store", "file", "--password-stdin");
        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(console.prompts).isEmpty();
        assertThat(console.secretPrompts).isEmpty();
    }

    @Test
    void login_emptyAnswer_exits3() {
        InProcess.ScriptedConsole console = new InProcess.ScriptedConsole(InatTestServer.DEFAULT_USERNAME, "");
        InProcess r = InProcess.run(env, "", console, "login", "--store", "file");
        assertThat(r.exitCode()).isEqualTo(ExitCode.MISSING_CREDENTIALS);
        assertThat(r.err()).contains("No password was given");
    }

    @Test
    void login_wrongPassword_exits4() {
        InProcess.ScriptedConsole console = new InProcess.ScriptedConsole(InatTestServer.DEFAULT_USERNAME,
                "not-the-password", InatTestServer.DEFAULT_APP_ID, InatTestServer.DEFAULT_APP_SECRET);
        InProcess r = InProcess.run(env, "", console, "login", "--store", "file");
        assertThat(r.exitCode()).isEqualTo(ExitCode.REJECTED);
        assertThat(r.err()).doesNotContain("not-the-password");
    }

    @Test
    void loginApiToken_onAConsole_asksOnlyForTheTokenWithoutEcho_thenTokenServesIt() {
        String personal = server.issueApiToken(InatTestServer.DEFAULT_USERNAME);
        InProcess.ScriptedConsole console = new InProcess.ScriptedConsole(personal);
        InProcess r = InProcess.run(env, "", console, "login", "--api-token", "--store", "file");
        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(console.prompts).isEmpty();
        assertThat(console.secretPrompts).singleElement().asString()
                .contains("Personal API token", server.baseUrl() + "/users/api_token");
        assertThat(r.err()).contains("Signed in as " + InatTestServer.DEFAULT_USERNAME).doesNotContain(personal);

        InProcess token = InProcess.run(env, "token");
        assertThat(token.exitCode()).as("%s", token).isZero();
        assertThat(token.out()).isEqualTo(personal + "\n");
    }
}
