package io.github.inatauth.http;

import static io.github.inatauth.http.TestSupport.auth;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.inatauth.ConfigurationException;
import io.github.inatauth.InatAuth;
import io.github.inatauth.ServerException;
import io.github.inatauth.testkit.InatTestServer;
import io.github.inatauth.testkit.InatTestServerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * INAT_AUTH_REMOTE_URL as a file: URL: a broker's tokens (or credentials) in a file that something
 * else keeps current, read again when it changes, however it is replaced.
 */
class MountedTokenFileTest {

    @RegisterExtension
    final InatTestServerExtension kit = new InatTestServerExtension();

    @TempDir
    Path dir;

    private Map<String, String> env(Path file) {
        Map<String, String> env = new HashMap<>();
        env.put("INAT_AUTH_REMOTE_URL", file.toUri().toString());
        return env;
    }

    private String brokerJson(String user) {
        return "{\"api_token\":\"" + kit.server().issueJwt(user) + "\"}";
    }

    private InatAuth broker(Path file) {
        return auth(kit.server(), env(file)).store("remote").build();
    }

    @Test
    void brokerFile_tokenServedWithoutAnyRequest() throws Exception {
        Path file = Files.writeString(dir.resolve("inat.json"), brokerJson(InatTestServer.DEFAULT_USERNAME));
        try (InatAuth auth = broker(file)) {
            assertThat(auth.accessToken()).isNotEmpty();
            assertThat(auth.isValid(auth.accessToken())).isTrue();
        }
        assertThat(kit.server().grantCount()).isZero();
        assertThat(kit.server().jwtCount()).isZero();
    }

    @Test
    void fileReplacedAtomically_orRewrittenInPlace_newTokenReadNextTime() throws Exception {
        kit.server().addUser("second", "pw2").addUser("third", "pw3");
        Path file = Files.writeString(dir.resolve("inat.json"), brokerJson(InatTestServer.DEFAULT_USERNAME));
        try (InatAuth auth = broker(file)) {
            String first = auth.accessToken();

            // as an agent writes: a new file, renamed over the old one
            String second = brokerJson("second");
            Path tmp = Files.writeString(dir.resolve(".inat.json.tmp"), second);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            auth.invalidate(first); // what a 401 with the old token does
            String afterMove = auth.accessToken();
            assertThat(second).contains(afterMove);

            // as a job writes: the same file, truncated and rewritten
            String third = brokerJson("third");
            Files.writeString(file, third);
            auth.invalidate(afterMove);
            assertThat(third).contains(auth.accessToken());
        }
    }

    @Test
    void kubernetesSecretVolume_linkSwapped_newTokenRead() throws Exception {
        // a Secret volume: inat.json -> ..data/inat.json, ..data -> a timestamped folder swapped by rename
        kit.server().addUser("second", "pw2");
        Path v1 = Files.createDirectory(dir.resolve("..2026_01"));
        Files.writeString(v1.resolve("inat.json"), brokerJson(InatTestServer.DEFAULT_USERNAME));
        Files.createSymbolicLink(dir.resolve("..data"), v1.getFileName());
        Path file = Files.createSymbolicLink(dir.resolve("inat.json"), Path.of("..data", "inat.json"));
        try (InatAuth auth = broker(file)) {
            String first = auth.accessToken();
            Path v2 = Files.createDirectory(dir.resolve("..2026_02"));
            String second = brokerJson("second");
            Files.writeString(v2.resolve("inat.json"), second);
            Path newLink = Files.createSymbolicLink(dir.resolve("..data_tmp"), v2.getFileName());
            Files.move(newLink, dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            auth.invalidate(first);
            assertThat(second).contains(auth.accessToken());
        }
    }

    @Test
    void credentialsFile_usedForThePasswordGrant() throws Exception {
        Path file = Files.writeString(dir.resolve("credentials.json"), "{\"data\":{\"data\":{\"username\":\""
                + InatTestServer.DEFAULT_USERNAME + "\",\"password\":\"" + InatTestServer.DEFAULT_PASSWORD
                + "\",\"app_id\":\"" + InatTestServer.DEFAULT_APP_ID + "\",\"app_secret\":\""
                + InatTestServer.DEFAULT_APP_SECRET + "\"}}}");
        Map<String, String> env = env(file);
        env.put("INAT_AUTH_REMOTE_POINTER", "/data/data");
        try (InatAuth auth = auth(kit.server(), env).build()) {
            assertThat(auth.accessToken()).isNotEmpty();
            assertThat(auth.credentialReport().toString()).contains(file.toUri().getPath());
        }
        assertThat(kit.server().grantCount()).isEqualTo(1);
    }

    @Test
    void fileNotOneJsonObject_serverExceptionNamingTheFile_neverItsContent() throws Exception {
        for (String content : new String[] {"api_token=s3cr3t-value", "{\"api_token\":\"s3cr3t-value\"} {}", "[]", ""}) {
            Path file = Files.writeString(dir.resolve("bad.json"), content);
            try (InatAuth auth = broker(file)) {
                assertThatThrownBy(auth::accessToken).as(content).isInstanceOf(ServerException.class)
                        .hasMessageContaining(file.toString()).hasMessageContaining("JSON object")
                        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cr3t"));
            }
        }
    }

    @Test
    void fileTooLarge_serverException() throws Exception {
        Path file = Files.writeString(dir.resolve("large.json"), "{\"pad\":\"" + "x".repeat(70 * 1024) + "\"}");
        try (InatAuth auth = broker(file)) {
            assertThatThrownBy(auth::accessToken).isInstanceOf(ServerException.class).hasMessageContaining("64 KiB");
        }
    }

    @Test
    void fileMissing_serverExceptionNamingTheFile() {
        Path file = dir.resolve("not-yet-written.json");
        try (InatAuth auth = broker(file)) {
            assertThatThrownBy(auth::accessToken).isInstanceOf(ServerException.class)
                    .hasMessageContaining(file.toString()).hasMessageContaining("cannot be read");
        }
    }

    @Test
    void relativeOrRemoteFileUrl_configurationError() {
        for (String url : new String[] {"file:secrets/inat.json", "file://fileserver/share/inat.json"}) {
            Map<String, String> env = new HashMap<>();
            env.put("INAT_AUTH_REMOTE_URL", url);
            assertThatThrownBy(() -> auth(kit.server(), env).store("remote").build().close()).as(url)
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("file:///");
        }
    }
}
