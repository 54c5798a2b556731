package io.github.inatauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.inatauth.CredentialReport.Outcome;
import io.github.inatauth.CredentialReport.SourceReport;
import io.github.inatauth.testkit.CountingIssuer;
import io.github.inatauth.testkit.MutableClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Source {@code command}: real child processes, run from scripts this test writes. */
class CommandSourceTest {
    private final Map<String, String> env = new HashMap<>();
    private final MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));
    private final CountingIssuer issuer = new CountingIssuer(clock);
    @TempDir
    Path dir;

    private InatAuth.Builder builder() {
        return InatAuth.builder().environment(env::get).systemProperties(k -> null).store("none")
                .issuer(issuer.provider()).clock(clock);
    }

    /** A shell script, run as {@code sh <script>} (no exec bit: no "text file busy" while another thread forks). */
    private String script(String name, String body) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, body, StandardCharsets.UTF_8);
        return "sh " + file;
    }

    /** A script that counts its runs in a file next to it, then prints {@code json}. */
    private String counting(String json) throws IOException {
        return script("creds.sh", "echo run >> '" + dir.resolve("runs") + "'\ncat <<'EOF'\n" + json + "\nEOF\n");
    }

    private long runs() throws IOException {
        Path runs = dir.resolve("runs");
        return Files.exists(runs) ? Files.readAllLines(runs).size() : 0;
    }

    private SourceReport commandReport(CredentialReport report) {
        return report.sources().stream().filter(s -> s.sourceId().equals("command")).findFirst().orElseThrow();
    }

    @Test
    void printedJson_givesTheCredentials_andTheReportNamesTheProgram() throws IOException {
        env.put("INAT_AUTH_CREDENTIAL_COMMAND", counting(
                "{\"username\": \"cmd-user\", \"password\": \"cmd pass\\u00e9\", \"app_id\": \"cmd-app\","
                        + " \"app_secret\": \"cmd-secret\", \"version\": 1, \"expires\": null}"));
        try (InatAuth auth = builder().build()) {
            assertThat(auth.accessToken()).startsWith("eyJ");
            assertThat(auth.credentialReport().sourceOf(Credentials.Field.PASSWORD)).hasValue("command");
            assertThat(commandReport(auth.credentialReport()).detail()).isEqualTo("command sh");
        }
        assertThat(issuer.lastGrantCredentials()).isEqualTo(Credentials.of("cmd-user", "cmd pass\u00e9", "cmd-app", "cmd-secret"));
    }

    @Test
    void environmentComesFirst_theCommandFillsOnlyWhatIsMissing_andRunsOnlyThen() throws IOException {
        env.put("INAT_USERNAME", "env-user");
        env.put("INAT_APP_ID", "env-app");
        env.put("INAT_AUTH_CREDENTIAL_COMMAND", counting(
                "{\"username\": \"cmd-user\", \"password\": \"cmd-pass\", \"app_secret\": \"cmd-secret\"}"));
        try (InatAuth auth = builder().build()) {
            auth.accessToken();
        }
        assertThat(issuer.lastGrantCredentials()).isEqualTo(Credentials.of("env-user", "cmd-pass", "env-app", "cmd-secret"));
        assertThat(runs()).isEqualTo(1);

        env.put("INAT_PASSWORD", "env-pass");
        env.put("INAT_APP_SECRET", "env-secret");
        try (InatAuth auth = builder().build()) {
            auth.accessToken();
            assertThat(commandReport(auth.credentialReport()).outcome()).isEqualTo(Outcome.NOT_ASKED);
        }
        assertThat(runs()).as("complete without it: not run").isEqualTo(1);
    }

    @Test
    void apiToken_isUsedAsThePersonalToken() throws IOException {
        String jwt = CountingIssuer.jwt(clock.instant().plus(Duration.ofHours(24)), "from-command");
        env.put("INAT_AUTH_CREDENTIAL_COMMAND", counting("{\"api_token\": \"" + jwt + "\"}"));
        try (InatAuth auth = builder().build()) {
            assertThat(auth.accessToken()).isEqualTo(jwt);
            assertThat(auth.personalToken()).get().extracting(PersonalTokenReport::origin)
                    .isEqualTo("the output of the credential command");
        }
        assertThat(issuer.grants).hasValue(0);
    }

    @Test
    void noShell_wordsAndQuotesSplitAsAShellWould() throws IOException {
        // /bin/echo run directly: the JSON is one single-quoted word, the password one double-quoted word
        env.put("INAT_AUTH_CREDENTIAL_COMMAND", "echo '{\"username\":\"u\",\"app_id\":\"a\",\"app_secret\":\"s\",'"
                + "\"\\\"password\\\":\\\"two  words \\$HOME\\\"}\"");
        try (InatAuth auth = builder().build()) {
            auth.accessToken();
        }
        assertThat(issuer.lastGrantCredentials()).isEqualTo(Credentials.of("u", "two  words $HOME", "a", "s"));
    }

    @Test
    void shDashC_runsAShellForPipes() throws IOException {
        script("creds.json", "{\"username\":\"piped\",\"password\":\"p\",\"app_id\":\"a\",\"app_secret\":\"s\"}");
        env.put("INAT_AUTH_CREDENTIAL_COMMAND", "sh -c 'cat " + dir.resolve("creds.json") + " | tr -d \"\\n\"'");
        try (InatAuth auth = builder().build()) {
            auth.accessToken();
        }
        assertThat(issuer.lastGrantCredentials().username()).isEqualTo("piped");
    }

    @Test
    void stdinIsClosed_aPromptGetsEndOfInput() throws IOException {
        env.put("INAT_AUTH_CREDENTIAL_COMMAND", script("prompt.sh",
                "if read -r answer; then u=had-input; else u=no-input; fi\n"
                + "echo '{\"username\":\"'$u'\",\"password\":\"p\",\"app_id\":\"a\",\"app_secret\":\"s\"}'\n"));
        try (InatAuth auth = builder().build()) {
            auth.accessToken();
        }
        assertThat(issuer.lastGrantCredentials().username()).isEqualTo("no-input");
    }

    @Test
    void failingCommand_isABrokenSourceWithExitCodeAndFirstStderrLine_neverStdout() throws IOException {
        env.put("INAT_AUTH_CREDENTIAL_COMMAND", script("locked.sh",
                "echo '{\"password\":\"printed-secret\"}'\necho 'vault is locked' >&2\necho 'second line' >&2\nexit 3\n"));
        try (InatAuth auth = builder().build()) {
            assertThatThrownBy(auth::accessToken).isInstanceOf(StoreException.class)
                    .hasMessage("The credential command 'sh' (INAT_AUTH_CREDENTIAL_COMMAND) failed with exit code 3: "
                            + "vault is locked.")
                    .satisfies(e -> assertThat(((StoreException) e).kind()).isEqualTo(StoreException.Kind.IO));
            assertThat(commandReport(auth.credentialReport()).outcome()).isEqualTo(Outcome.FAILED);
        }
        assertThat(issuer.grants).hasValue(0);
    }

    @Test
    void garbageOutput_isRefusedWithoutRepeatingIt() throws IOException {
        for (String garbage : List.of("password=printed-secret", "{\"password\": \"printed-secret\"} trailing",
                "{\"password\": 42}", "{\"password\": \"printed-secret\", \"password\": \"again\"}")) {
            env.put("INAT_AUTH_CREDENTIAL_COMMAND", script("garbage.sh", "cat <<'EOF'\n" + garbage + "\nEOF\n"));
            try (InatAuth auth = builder().build()) {
                assertThatThrownBy(auth::accessToken).as(garbage).isInstanceOf(StoreException.class)
                        .hasMessageStartingWith("The credential command 'sh' (INAT_AUTH_CREDENTIAL_COMMAND) printed "
                                + "something other than one JSON object of strings")
                        .hasMessageNotContaining("printed-secret")
                        .satisfies(e -> assertThat(((StoreException) e).kind()).isEqualTo(StoreException.Kind.DAMAGED));
            }
        }
    }

    @Test
    void commandPastTheCallTimeout_isStopped() throws IOException {
        Path pid = dir.resolve("pid");
        env.put("INAT_AUTH_CREDENTIAL_COMMAND", script("slow.sh", "sleep 300 &\necho $! > '" + pid + "'\nwait\n"));
        try (InatAuth auth = builder().callTimeout(Duration.ofSeconds(1)).build()) {
            assertThatThrownBy(auth::accessToken).isInstanceOf(StoreException.class)
                    .hasMessageStartingWith("The credential command 'sh' (INAT_AUTH_CREDENTIAL_COMMAND) did not finish "
                            + "within 1 s (the call timeout); it was stopped.");
        }
        long sleeper = Long.parseLong(Files.readString(pid).strip());
        ProcessHandle.of(sleeper).ifPresent(p -> p.onExit().join()); // killed with its parent, or this waits (and fails) 300 s
    }

    @Test
    void hugeOutput_isCutAndRefused() {
        env.put("INAT_AUTH_CREDENTIAL_COMMAND", "yes '{\"password\":\"printed-secret\"}'");
        try (InatAuth auth = builder().build()) {
            assertThatThrownBy(auth::accessToken).isInstanceOf(StoreException.class)
                    .hasMessage("The credential command 'yes' (INAT_AUTH_CREDENTIAL_COMMAND) printed more than 64 KiB; "
                            + "it must print only one JSON object with the credentials.");
        }
    }

    @Test
    void missingProgram_saysSo() {
        env.put("INAT_AUTH_CREDENTIAL_COMMAND", dir.resolve("no-such-program") + " --json");
        try (InatAuth auth = builder().build()) {
            assertThatThrownBy(auth::accessToken).isInstanceOf(StoreException.class)
                    .hasMessageContaining("could not be started")
                    .hasMessageContaining("check that the program is installed and on the PATH.");
        }
    }

    @Test
    void notConfigured_isAHint() {
        try (InatAuth auth = builder().build()) {
            SourceReport command = commandReport(auth.credentialReport());
            assertThat(command.outcome()).isEqualTo(Outcome.NOT_CONFIGURED);
            assertThat(command.detail()).startsWith("set INAT_AUTH_CREDENTIAL_COMMAND to a command that prints");
            assertThat(auth.credentialReport().sources()).extracting(SourceReport::sourceId)
                    .startsWith("env", "command");
        }
    }
}
