package io.github.inatauth.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThrowawayCaTest {

    private static String handshake(ThrowawayCa ca, SSLContext client) throws Exception {
        try (SSLServerSocket server = (SSLServerSocket) ca.serverContext().getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> serverSide = CompletableFuture.runAsync(() -> {
                try (SSLSocket s = (SSLSocket) server.accept()) {
                    s.startHandshake();
                } catch (Exception e) {
                    // the refusing client hangs up
                }
            });
            try (SSLSocket s = (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", server.getLocalPort())) {
                SSLParameters p = s.getSSLParameters();
                p.setEndpointIdentificationAlgorithm("HTTPS");
                s.setSSLParameters(p);
                s.startHandshake();
                return s.getSession().getPeerPrincipal().getName();
            } finally {
                serverSide.get(60, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void create_clientTrustingTheCaAlone_acceptsTheServerFor127001(@TempDir Path dir) throws Exception {
        ThrowawayCa ca = ThrowawayCa.create(dir);
        assertThat(Files.readString(ca.caPem())).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(handshake(ca, ca.clientContext())).isEqualTo("CN=localhost");
        assertThatThrownBy(() -> handshake(ca, SSLContext.getDefault())).isInstanceOf(SSLHandshakeException.class);
    }
}
