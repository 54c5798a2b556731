package io.github.inatauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.github.inatauth.Credentials.Field;
import io.github.inatauth.testkit.CountingIssuer;
import io.github.inatauth.testkit.MutableClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code INAT_PASSWORD_FILE} and its siblings: secrets read from files that Docker or Kubernetes mount. */
class SecretFilesTest {
    private final Map<String, String> env = new HashMap<>();
    private final Map<String, String> properties = new HashMap<>();
    private final MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));
    private final CountingIssuer issuer = new CountingIssuer(clock);
    @TempDir
    Path dir;

    private InatAuth build() {
        return InatAuth.builder().environment(env::get).systemProperties(properties::get).store("none")
                .sources("env").issuer(issuer.provider()).clock(clock).build();
    }

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, content.getBytes(StandardCharsets.UTF_8));
        return file;
    }

    @Test
    void everyField_fromFiles_oneTrailingNewlineDropped() throws IOException {
        env.put("INAT_USERNAME_FILE", write("user", "file-user\n").toString());
        env.put("INAT_PASSWORD_FILE", write("password", "pass word\r\n").toString());
        env.put("INAT_APP_ID_FILE", write("app", "file-app").toString());
        env.put("INAT_APP_SECRET_FILE", write("secret", "ends-in-two\n\n").toString());
        try (InatAuth auth = build()) {
            assertThat(auth.accessToken()).startsWith("eyJ");
        }
        assertThat(issuer.lastGrantCredentials())
                .isEqualTo(Credentials.of("file-user", "pass word", "file-app", "ends-in-two\n"));
    }

    @Test
    void report_namesTheVariableAndFileEachValueCameFrom() throws IOException {
        env.put("INAT_USERNAME", "plain-user");
        Path password = write("password", "from-file\n");
        env.put("INAT_PASSWORD_FILE", password.toString());
        try (InatAuth auth = build()) {
            CredentialReport report = auth.credentialReport();
            assertThat(report.sourceOf(Field.PASSWORD)).hasValue("env");
            assertThat(report.sources().get(0).detail())
                    .isEqualTo("environment variables INAT_USERNAME, INAT_PASSWORD_FILE (" + password + ")")
                    .doesNotContain("from-file");
        }
    }

    @Test
    void variableAndItsFileBothSet_isAConfigurationErrorNamingBoth() throws IOException {
        env.put("INAT_PASSWORD", "plain-secret");
        env.put("INAT_PASSWORD_FILE", write("password", "file-secret").toString());
        env.put("INAT_USERNAME", "u");
        env.put("INAT_APP_ID", "a");
        env.put("INAT_APP_SECRET", "s");
        try (InatAuth auth = build()) {
            assertThatThrownBy(auth::accessToken).isInstanceOf(ConfigurationException.class)
                    .hasMessage("INAT_PASSWORD and INAT_PASSWORD_FILE are both set; unset one of them.");
        }
        assertThat(issuer.grants).hasValue(0);
    }

    @Test
    void missingFile_namesTheSettingAndTheFile() {
        Path absent = dir.resolve("not-mounted");
        env.put("INAT_APP_SECRET_FILE", absent.toString());
        try (InatAuth auth = build()) {
            assertThatThrownBy(auth::accessToken).isInstanceOf(ConfigurationException.class)
                    .hasMessage("INAT_APP_SECRET_FILE names " + absent + ", which does not exist; check the path "
                            + "(and the volume mount).");
        }
    }

    @Test
    void unreadableFile_namesTheFileNeverItsContent() throws IOException {
        assumeThat(System.getProperty("user.name")).as("root reads a file of mode 000").isNotEqualTo("root");
        Path locked = write("password", "locked-secret");
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        env.put("INAT_PASSWORD_FILE", locked.toString());
        try (InatAuth auth = build()) {
            assertThatThrownBy(auth::accessToken).isInstanceOf(ConfigurationException.class)
                    .hasMessageStartingWith("INAT_PASSWORD_FILE names " + locked + ", which this process may not read")
                    .hasMessageNotContaining("locked-secret");
        }
    }

    @Test
    void folderOrPathThroughAFile_isRefusedWithItsName() throws IOException {
        env.put("INAT_PASSWORD_FILE", dir.toString());
        try (InatAuth auth = build()) {
            assertThatThrownBy(auth::accessToken).isInstanceOf(ConfigurationException.class)
                    .hasMessage("INAT_PASSWORD_FILE names " + dir + ", which is a folder; name the file that holds the secret.");
        }
        Path through = write("plain", "x").resolve("child");
        env.put("INAT_PASSWORD_FILE", through.toString());
        try (InatAuth auth = build()) {
            assertThatThrownBy(auth::accessToken).isInstanceOf(ConfigurationException.class)
                    .hasMessageStartingWith("INAT_PASSWORD_FILE names " + through + ", which cannot be read");
        }
    }

    @Test
    void emptyHugeOrBinaryFile_isRefusedWithoutItsContent() throws IOException {
        Map<String, byte[]> cases = Map.of(
                "empty", "\n".getBytes(StandardCharsets.UTF_8),
                "huge", "x".repeat(64 * 1024 + 1).getBytes(StandardCharsets.UTF_8),
                "binary", new byte[] {'s', 'e', (byte) 0xff, 'c'});
        Map<String, String> expected = Map.of("empty", "which is empty", "huge", "which is larger than 64 KiB",
                "binary", "which is not UTF-8 text");
        for (Map.Entry<String, byte[]> c : cases.entrySet()) {
            Path file = dir.resolve(c.getKey());
            Files.write(file, c.getValue());
            env.put("INAT_PASSWORD_FILE", file.toString());
            try (InatAuth auth = build()) {
                assertThatThrownBy(auth::accessToken).as(c.getKey()).isInstanceOf(ConfigurationException.class)
                        .hasMessageContaining("INAT_PASSWORD_FILE names " + file + ", " + expected.get(c.getKey()))
                        .hasMessageNotContaining("xxxx");
            }
        }
    }

    @Test
    void personalApiToken_fromFileOrPropertyFile_andBothSetRefused() throws IOException {
        String jwt = CountingIssuer.jwt(clock.instant().plus(Duration.ofHours(24)), "from-file");
        env.put("INAT_API_TOKEN_FILE", write("token", jwt + "\n").toString());
        try (InatAuth auth = build()) {
            assertThat(auth.accessToken()).isEqualTo(jwt);
            assertThat(auth.personalToken()).get().extracting(PersonalTokenReport::origin)
                    .isEqualTo("INAT_API_TOKEN_FILE (" + dir.resolve("token") + ")");
        }
        assertThat(issuer.grants).hasValue(0);

        String other = CountingIssuer.jwt(clock.instant().plus(Duration.ofHours(24)), "from-property-file");
        properties.put("inat.auth.apiTokenFile", write("token2", other).toString());
        try (InatAuth auth = build()) {
            assertThat(auth.accessToken()).as("the property beats the variable, as for inat.auth.apiToken").isEqualTo(other);
        }

        env.put("INAT_API_TOKEN", jwt);
        properties.clear();
        assertThatThrownBy(this::build).isInstanceOf(ConfigurationException.class)
                .hasMessage("INAT_API_TOKEN and INAT_API_TOKEN_FILE are both set; unset one of them.");
    }
}
