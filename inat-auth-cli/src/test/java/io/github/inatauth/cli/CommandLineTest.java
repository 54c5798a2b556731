package io.github.inatauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.inatauth.testkit.InatTestServer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** Parsing and usage errors, in this JVM: no server, no image. */
class CommandLineTest {

    private static Terminal quiet() {
        return Terminal.of(Map.of(), java.io.InputStream.nullInputStream(), new java.io.PrintStream(
                java.io.OutputStream.nullOutputStream()), new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
    }

    @Test
    void parse_globalOptionsAfterTheCommand_reachTheRootCommand() {
        CommandLine cl = Main.commandLine(quiet());
        ParseResult parsed = cl.parseArgs("token", "--base-url", "http://127.0.0.1:9/", "--api-url",
                "http://127.0.0.1:9/v1", "--verbose", "--oauth", "--refresh");
        InatAuthCommand root = cl.getCommand();
        assertThat(root.shared.baseUrl).isEqualTo(URI.create("http://127.0.0.1:9"));
        assertThat(root.shared.apiUrl).isEqualTo(URI.create("http://127.0.0.1:9/v1"));
        assertThat(root.verbose()).isTrue();
        TokenCommand token = parsed.subcommand().commandSpec().commandLine().getCommand();
        assertThat(token.oauth).isTrue();
        assertThat(token.refresh).isTrue();
    }

    @Test
    void parse_globalOptionsBeforeTheCommand_reachTheRootCommand() {
        CommandLine cl = Main.commandLine(quiet());
        cl.parseArgs("--base-url", "HTTPS://example.org/", "status"); // the scheme in any case
        InatAuthCommand root = cl.getCommand();
        assertThat(root.shared.baseUrl).isEqualTo(URI.create("https://example.org"));
        assertThat(root.verbose()).isFalse();
    }

    @Test
    void parse_loginOptions_areRead() {
        CommandLine cl = Main.commandLine(quiet());
        ParseResult parsed = cl.parseArgs("login", "--store", "file", "--password-stdin");
        LoginCommand login = parsed.subcommand().commandSpec().commandLine().getCommand();
        assertThat(login.store).isEqualTo("file");
        assertThat(login.passwordStdin).isTrue();
        assertThat(login.webOptions).as("no --web option given").isNull();
    }

    @Test
    void parse_webOptions_fillTheirGroup() {
        CommandLine cl = Main.commandLine(quiet());
        ParseResult parsed = cl.parseArgs("login", "--web", "--oob", "--port", "8765", "--store", "file");
        LoginCommand login = parsed.subcommand().commandSpec().commandLine().getCommand();
        assertThat(login.webOptions.web).isTrue();
        assertThat(login.webOptions.outOfBand).isTrue();
        assertThat(login.webOptions.noBrowser).isFalse();
        assertThat(login.webOptions.port).isEqualTo(8765);
    }

    @Test
    void login_webRefinementsWithoutWeb_sayTheyNeedIt() {
        InProcess r = InProcess.run(Map.of(), "login", "--no-browser", "--store", "file");
        assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("--no-browser, --oob and --port only apply with --web");
    }

    /** {@code token} runs without picocli (start-up): it must answer exactly as through picocli. */
    @Test
    void token_withoutPicocli_answersAsThroughPicocli() {
        try (InatTestServer server = InatTestServer.start()) {
            Map<String, String> credentials = Map.of("INAT_USERNAME", InatTestServer.DEFAULT_USERNAME,
                    "INAT_PASSWORD", InatTestServer.DEFAULT_PASSWORD, "INAT_APP_ID", InatTestServer.DEFAULT_APP_ID,
                    "INAT_APP_SECRET", InatTestServer.DEFAULT_APP_SECRET, "INAT_AUTH_SOURCES", "env",
                    "INAT_AUTH_STORE", "none", "INAT_AUTH_BASE_URL", server.baseUrl().toString());
            List<Map<String, String>> environments = List.of(Map.of("INAT_AUTH_SOURCES", "env", "INAT_AUTH_STORE", "none"),
                    Map.of("INAT_AUTH_BASE_URL", "ftp://example.org"), credentials);
            for (Map<String, String> env : environments) {
                for (String[] args : List.of(new String[] {"token"}, new String[] {"token", "--refresh", "--oauth"})) {
                    InProcess direct = InProcess.run(env, args);
                    InProcess picocli = InProcess.throughPicocli(env, args);
                    assertThat(direct.exitCode()).as("%s %s", env, List.of(args)).isEqualTo(picocli.exitCode());
                    assertThat(direct.err()).isEqualTo(picocli.err());
                    if (direct.exitCode() == ExitCode.OK) {
                        assertThat(direct.out()).endsWith("\n").hasLineCount(1);
                    } else {
                        assertThat(direct.out()).isEqualTo(picocli.out()).isEmpty();
                    }
                }
            }
            assertThat(InProcess.run(Map.of(), "token").exitCode()).isNotEqualTo(ExitCode.USAGE);
            InProcess twice = InProcess.run(credentials, "token", "--oauth", "--oauth");
            assertThat(twice.exitCode()).isEqualTo(ExitCode.USAGE);
            assertThat(twice.err()).contains("--oauth");
        }
    }

    @Test
    void run_noCommand_exits2WithAHintOnStderr() {
        InProcess r = InProcess.run(Map.of());
        assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("Missing a command").contains("--help");
    }

    @Test
    void run_unknownOption_exits2WithOneLineOnStderr() {
        InProcess r = InProcess.run(Map.of(), "token", "--bogus");
        assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("--bogus").contains("inat-auth token --help");
    }

    @Test
    void run_unknownCommand_exits2() {
        InProcess r = InProcess.run(Map.of(), "tokn");
        assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("tokn");
    }

    @Test
    void run_baseUrlNotHttp_exits2() {
        InProcess r = InProcess.run(Map.of(), "--base-url", "ftp://example.org", "token");
        assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("ftp://example.org").contains("http");
    }

    @Test
    void run_urlWithUserInfoQueryOrFragment_exits2WithoutShowingThem() {
        for (String bad : List.of("https://alice:pw-77ab@example.org", "https://example.org/?k=pw-77ab",
                "https://example.org#pw-77ab")) {
            for (String option : List.of("--base-url", "--api-url")) {
                InProcess r = InProcess.run(Map.of(), option, bad, "token");
                assertThat(r.exitCode()).as(option + " " + bad).isEqualTo(ExitCode.USAGE);
                assertThat(r.err()).contains("example.org").doesNotContain("pw-77ab").doesNotContain("alice");
            }
            InProcess r = InProcess.run(Map.of("INAT_AUTH_BASE_URL", bad, "INAT_USERNAME", "u", "INAT_PASSWORD", "p",
                    "INAT_APP_ID", "a", "INAT_APP_SECRET", "s"), "token", "--verbose");
            assertThat(r.exitCode()).as(bad).isEqualTo(ExitCode.USAGE);
            assertThat(r.err() + r.out()).contains("INAT_AUTH_BASE_URL").doesNotContain("pw-77ab").doesNotContain("alice");
        }
    }

    @Test
    void token_secretAndItsFileBothSet_exits2_failingCredentialCommand_exits6(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("password"), "pw-77ab\n");
        InProcess both = InProcess.run(Map.of("INAT_AUTH_STORE", "none", "INAT_USERNAME", "u", "INAT_PASSWORD", "p",
                "INAT_PASSWORD_FILE", file.toString(), "INAT_APP_ID", "a", "INAT_APP_SECRET", "s"), "token");
        assertThat(both.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(both.err()).contains("INAT_PASSWORD and INAT_PASSWORD_FILE are both set").doesNotContain("pw-77ab");

        InProcess failing = InProcess.run(Map.of("INAT_AUTH_STORE", "none", "INAT_AUTH_CREDENTIAL_COMMAND",
                "sh -c 'echo {\"password\":\"pw-77ab\"}; echo vault locked >&2; exit 3'"), "token");
        assertThat(failing.exitCode()).isEqualTo(ExitCode.STORE);
        assertThat(failing.err()).contains("failed with exit code 3: vault locked").doesNotContain("pw-77ab");
    }

    @Test
    void run_baseUrlWithoutHost_exits2() {
        InProcess r = InProcess.run(Map.of(), "token", "--base-url", "not a url");
        assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void run_loginUnknownStore_exits2() {
        InProcess r = InProcess.run(Map.of(), "login", "--store", "memory");
        assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("keyring or file");
    }

    @Test
    void run_noBrowserWithoutWeb_exits2() {
        InProcess r = InProcess.run(Map.of(), "login", "--no-browser");
        assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("--web");
    }

    @Test
    void run_help_printsUsageOnStdoutAndExits0() {
        InProcess r = InProcess.run(Map.of(), "--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("token", "login", "logout", "status", "demo", "--base-url", "--api-url",
                "--verbose", "Exit codes");
        assertThat(r.out()).doesNotContain("generate-completion");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void run_commandHelp_exits0() {
        InProcess r = InProcess.run(Map.of(), "token", "--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("--oauth", "--refresh");
    }

    @Test
    void run_version_printsTheVersionAndExits0() {
        InProcess r = InProcess.run(Map.of(), "--version");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("inat-auth ");
    }

    @Test
    void run_unknownStoreInEnvironment_exits2() {
        InProcess r = InProcess.run(Map.of("INAT_AUTH_STORE", "vault"), "status");
        assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("vault");
    }

    @Test
    void demo_showsThePersonalTokenPath_renewedOnceWithoutAGrant() {
        InProcess r = InProcess.run(Map.of(), "demo");
        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(r.out()).contains("Without an OAuth app", "renewed with GET /users/api_token", "1 renewal, 0 grants",
                "the same JWT, no request").doesNotContain("!!");
    }
}
