package io.github.inatauth.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelfSignedTlsTest {

    @Test
    void create_clientTrustingTheKeystore_completesHandshakeWith127001(@TempDir Path dir) throws Exception {
        SelfSignedTls tls = SelfSignedTls.create(dir);
        assertThat(tls.trustStoreOptions()).contains(tls.keystore().toString());

        KeyStore trusted = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(tls.keystore())) {
            trusted.load(in, tls.password().toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, tmf.getTrustManagers(), null);

        try (SSLServerSocket server = (SSLServerSocket) tls.serverContext().getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<String> serverSide = CompletableFuture.supplyAsync(() -> {
                try (SSLSocket s = (SSLSocket) server.accept()) {
                    s.startHandshake();
                    return s.getSession().getProtocol();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try (SSLSocket s = (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", server.getLocalPort())) {
                javax.net.ssl.SSLParameters p = s.getSSLParameters();
                p.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate's name must match 127.0.0.1
                s.setSSLParameters(p);
                s.startHandshake();
            }
            assertThat(serverSide.get(30, TimeUnit.SECONDS)).startsWith("TLS");
        }
    }
}
