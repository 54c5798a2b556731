package io.github.inatauth.http;

import static io.github.inatauth.http.TestSupport.fastRetryProperties;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.inatauth.InatAuth;
import io.github.inatauth.ServerException;
import io.github.inatauth.testkit.SelfSignedTls;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server whose certificate is not trusted: one clear error, and no retries (it would not help). */
class UntrustedCertificateTest {

    @Test
    void accessToken_untrustedCertificate_clearErrorWithoutRetry(@TempDir Path dir) throws Exception {
        SSLContext tls = SelfSignedTls.create(dir).serverContext();

        AtomicInteger connections = new AtomicInteger();
        try (SSLServerSocket server = (SSLServerSocket) tls.getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread accepting = new Thread(() -> {
                while (!server.isClosed()) {
                    try (SSLSocket s = (SSLSocket) server.accept()) {
                        connections.incrementAndGet();
                        s.startHandshake();
                    } catch (IOException e) {
                        // the client refuses the certificate: expected
                    }
                }
            }, "untrusted-https");
            accepting.setDaemon(true);
            accepting.start();

            Map<String, String> env = Map.of("INAT_USERNAME", "u", "INAT_PASSWORD", "p", "INAT_APP_ID", "a",
                    "INAT_APP_SECRET", "s");
            Map<String, String> props = fastRetryProperties();
            try (InatAuth auth = InatAuth.builder().environment(env::get).systemProperties(props::get).store("none")
                    .baseUrl("https://127.0.0.1:" + server.getLocalPort()).build()) {
                assertThatThrownBy(auth::accessToken).isInstanceOf(ServerException.class)
                        .hasMessageContaining("certificate of https://127.0.0.1:" + server.getLocalPort())
                        .hasMessageContaining("is not trusted");
            }
        }
        assertThat(connections).hasValue(1);
    }
}
