package io.github.inatauth.http;

import static io.github.inatauth.http.TestSupport.envWithDefaults;
import static io.github.inatauth.http.TestSupport.fastRetryProperties;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.inatauth.ConfigurationException;
import io.github.inatauth.InatAuth;
import io.github.inatauth.ServerException;
import io.github.inatauth.testkit.InatTestServerExtension;
import io.github.inatauth.testkit.ThrowawayCa;
import io.github.inatauth.testkit.SelfSignedTls;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** INAT_AUTH_CA_FILE and Builder.sslContext, against an HTTPS server whose certificate a throw-away CA signed. */
class CaFileTest {
    @TempDir
    static Path folder;
    static ThrowawayCa ca;

    @RegisterExtension
    final InatTestServerExtension kit = new InatTestServerExtension();

    private Relays.TlsFront front;

    @BeforeAll
    static void makeCa() {
        ca = ThrowawayCa.create(folder);
    }

    @BeforeEach
    void start() throws Exception {
        front = new Relays.TlsFront(ca.serverContext(), kit.server().port());
    }

    @AfterEach
    void stop() throws Exception {
        front.close();
    }

    private InatAuth.Builder auth(Map<String, String> env) {
        Map<String, String> props = fastRetryProperties();
        return InatAuth.builder().environment(env::get).systemProperties(props::get).store("none")
                .baseUrl(front.url()).apiUrl(front.url() + "/v1");
    }

    private Map<String, String> env(Path caFile) {
        Map<String, String> env = envWithDefaults(kit.server());
        if (caFile != null) {
            env.put("INAT_AUTH_CA_FILE", caFile.toString());
        }
        return env;
    }

    @Test
    void withoutCaFile_untrusted_messageSaysToSetIt() {
        try (InatAuth auth = auth(env(null)).build()) {
            assertThatThrownBy(auth::accessToken).isInstanceOf(ServerException.class)
                    .hasMessageContaining("is not trusted").hasMessageContaining("INAT_AUTH_CA_FILE");
        }
    }

    @Test
    void caFileOfSeveralCertificates_serverTrusted() throws Exception {
        // another certificate first: every certificate of the file counts, not only the first
        Path other = Files.createDirectories(folder.resolve("other"));
        SelfSignedTls unrelated = SelfSignedTls.create(other);
        String otherPem = exportPem(unrelated.keystore(), unrelated.password());
        Path bundle = folder.resolve("bundle.pem");
        Files.writeString(bundle, otherPem + Files.readString(ca.caPem()));
        try (InatAuth auth = auth(env(bundle)).build()) {
            assertThat(auth.accessToken()).isNotEmpty();
        }
        assertThat(front.handshakes).hasPositiveValue();
    }

    @Test
    void caFile_jdkDefaultsStillTrusted_andHostNameStillChecked() throws Exception {
        // the CA signed for 127.0.0.1 and localhost; "127.0.0.2" is another name: refused despite the CA
        try (InatAuth auth = auth(env(ca.caPem())).baseUrl("https://127.0.0.2:" + front.port()).build()) {
            assertThatThrownBy(auth::accessToken).isInstanceOf(ServerException.class);
        }
        assertThat(front.handshakes).hasValue(0);
    }

    @Test
    void builderSslContext_usedInsteadOfTheDefaults() {
        try (InatAuth auth = auth(env(null)).sslContext(ca.clientContext()).build()) {
            assertThat(auth.accessToken()).isNotEmpty();
        }
    }

    @Test
    void caFileNotPem_configurationErrorNamingTheFile() throws Exception {
        Path notPem = folder.resolve("not-a-certificate.txt");
        Files.writeString(notPem, "this is not a certificate\n");
        try (InatAuth auth = auth(env(notPem)).build()) {
            assertThatThrownBy(auth::accessToken).isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining(notPem.toString()).hasMessageContaining("no PEM certificate");
        }
    }

    @Test
    void caFileDamagedPem_configurationErrorNamingTheFile() throws Exception {
        Path damaged = folder.resolve("damaged.pem");
        Files.writeString(damaged, "-----BEGIN CERTIFICATE-----\nAAAA!!!!\n-----END CERTIFICATE-----\n");
        try (InatAuth auth = auth(env(damaged)).build()) {
            assertThatThrownBy(auth::accessToken).isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining(damaged.toString()).hasMessageContaining("INAT_AUTH_CA_FILE");
        }
    }

    @Test
    void caFileMissing_configurationErrorNamingTheFile() {
        Path missing = folder.resolve("missing.pem");
        try (InatAuth auth = auth(env(missing)).build()) {
            assertThatThrownBy(auth::accessToken).isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining(missing.toString()).hasMessageContaining("cannot be read");
        }
    }

    private static String exportPem(Path keystore, String password) throws Exception {
        java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(keystore)) {
            ks.load(in, password.toCharArray());
        }
        byte[] der = ks.getCertificate(ks.aliases().nextElement()).getEncoded();
        return "-----BEGIN CERTIFICATE-----\n" + java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END CERTIFICATE-----\n";
    }
}
