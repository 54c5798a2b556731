package io.github.inatauth.keyring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.inatauth.Credentials.Field;
import io.github.inatauth.InatAuth;
import io.github.inatauth.StoredToken;
import io.github.inatauth.TokenType;
import io.github.inatauth.keyring.internal.KeyringTokenStoreProvider;
import io.github.inatauth.keyring.internal.PythonKeyring;
import io.github.inatauth.keyring.internal.secretservice.SecretServiceFixture;
import io.github.inatauth.spi.ProviderContext;
import io.github.inatauth.spi.TokenStore;
import io.github.inatauth.testkit.ChildJvm;
import io.github.inatauth.testkit.InatTestServer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A pyinaturalist user's keyring, as Python's keyring wrote it, gives a token from the local
 * iNaturalist with no other set-up; with the keyring token store, a second program reuses it.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class EndToEndTest {

    private InatTestServer server;

    @BeforeEach
    void start() {
        SecretServiceFixture.require().close();
        SecretServiceFixture.requireThrowAwayKeyring();
        PythonKeyring.require();
        server = InatTestServer.start();
        server.addUser("py-user", "py-password").addApp("py-app", "py-app-secret");
        // what pyinaturalist's set_keyring_credentials does: four set_password calls
        PythonKeyring.setPassword("/inaturalist", "username", "py-user");
        PythonKeyring.setPassword("/inaturalist", "password", "py-password");
        PythonKeyring.setPassword("/inaturalist", "app_id", "py-app");
        PythonKeyring.setPassword("/inaturalist", "app_secret", "py-app-secret");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
            Keyring.delete();
            try (TokenStore tokens = new KeyringTokenStoreProvider().open(ProviderContext.system())) {
                tokens.list().keySet().stream().filter(key -> key.username().equals("py-user")).forEach(tokens::delete);
            }
        }
    }

    private InatAuth.Builder auth(String store) {
        return InatAuth.builder().sources("keyring").store(store)
                .baseUrl(server.baseUrl().toString()).apiUrl(server.apiUrl().toString())
                .environment(name -> name.startsWith("INAT_") ? null : System.getenv(name));
    }

    @Test
    void pythonWrittenKeyring_yieldsAJwtFromTheServer() {
        try (InatAuth auth = auth("memory").build()) {
            String jwt = auth.accessToken();

            assertThat(jwt.split("\\.")).hasSize(3);
            assertThat(auth.isValid(jwt)).isTrue();
            assertThat(server.grantCount()).isEqualTo(1);
            assertThat(auth.credentialReport().sourceOf(Field.PASSWORD)).contains("keyring");
            assertThat(auth.credentialReport().sourceOf(Field.APP_SECRET)).contains("keyring");
        }
    }

    /** One program of {@link #manyProcesses_sharingTheKeyringStore_makeOneGrant}: prints its JWT. */
    public static void main(String[] args) {
        try (InatAuth auth = InatAuth.builder().sources("keyring").store("keyring").baseUrl(args[0]).apiUrl(args[1])
                .environment(name -> name.startsWith("INAT_") ? null : System.getenv(name)).build()) {
            System.out.print(auth.accessToken());
        }
    }

    @Test
    void manyProcesses_sharingTheKeyringStore_makeOneGrant() throws Exception {
        String classPath = ChildJvm.thisClassPath(java.nio.file.Path.of("target", "test-classes").toAbsolutePath().toString());
        java.util.List<ChildJvm> programs = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            programs.add(ChildJvm.java("-cp", classPath, EndToEndTest.class.getName(), server.baseUrl().toString(),
                    server.apiUrl().toString()).discardStderr().start());
        }
        java.util.Set<String> tokens = new java.util.HashSet<>();
        for (ChildJvm program : programs) {
            try (program) {
                assertThat(program.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
                program.awaitEndOfOutput();
                assertThat(program.process().exitValue()).isZero();
                tokens.add(String.join("", program.lines().stream().filter(l -> !l.equals(ChildJvm.EOF)).toList()));
            }
        }

        assertThat(tokens).hasSize(1).allMatch(token -> token.split("\\.").length == 3);
        assertThat(server.grantCount()).isEqualTo(1);
    }

    @Test
    void keyringTokenStore_secondProgramReusesTheTokenWithoutANewGrant() {
        String first;
        try (InatAuth auth = auth("keyring").build()) {
            first = auth.accessToken();
            auth.accessToken(TokenType.OAUTH);
        }
        try (InatAuth again = auth("keyring").build()) {
            assertThat(again.accessToken()).isEqualTo(first);
            List<StoredToken> stored = again.storedTokens();
            assertThat(stored).isNotEmpty();
            stored.forEach(token -> assertThat(token.toString()).doesNotContain("py-password"));
        }
        assertThat(server.grantCount()).isEqualTo(1);
    }
}
