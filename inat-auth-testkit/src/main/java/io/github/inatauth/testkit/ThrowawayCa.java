package io.github.inatauth.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A certificate authority made for a test with the JDK's {@code keytool}, and a certificate for
 * {@code 127.0.0.1} and {@code localhost} that it signed: what a network that inspects TLS hands out.
 * The CA's certificate is written as PEM ({@link #caPem()}); a server presents {@link #serverContext()}.
 * Needs a full JDK, not a jlink image.
 */
public final class ThrowawayCa {
    private static final String PASSWORD = "throwaway";

    private final Path caPem;
    private final SSLContext serverContext;

    private ThrowawayCa(Path caPem, SSLContext serverContext) {
        this.caPem = caPem;
        this.serverContext = serverContext;
    }

    /**
     * Makes the CA and the server certificate in {@code folder} ({@code ca.p12}, {@code ca.pem},
     * {@code server.p12}, ...).
     *
     * @param folder an existing folder, such as a test's temporary one
     * @return the CA and the server side
     * @throws UncheckedIOException when a file cannot be written or read
     * @throws IllegalStateException when keytool fails or a key store cannot be loaded
     */
    public static ThrowawayCa create(Path folder) {
        String ca = folder.resolve("ca.p12").toString();
        String server = folder.resolve("server.p12").toString();
        Path caPem = folder.resolve("ca.pem");
        String csr = folder.resolve("server.csr").toString();
        String serverPem = folder.resolve("server.pem").toString();
        Keytool.run(PASSWORD, "-genkeypair", "-keyalg", "EC", "-groupname", "secp256r1", "-alias", "ca", "-dname",
                "CN=inat-auth throw-away test CA", "-ext", "bc:c", "-validity", "2", "-keystore", ca);
        Keytool.run(PASSWORD, "-exportcert", "-rfc", "-alias", "ca", "-file", caPem.toString(), "-keystore", ca);
        Keytool.run(PASSWORD, "-genkeypair", "-keyalg", "EC", "-groupname", "secp256r1", "-alias", "server", "-dname",
                "CN=localhost", "-validity", "2", "-keystore", server);
        Keytool.run(PASSWORD, "-certreq", "-alias", "server", "-file", csr, "-keystore", server);
        Keytool.run(PASSWORD, "-gencert", "-rfc", "-alias", "ca", "-infile", csr, "-outfile", serverPem,
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-keystore", ca);
        Keytool.run(PASSWORD, "-importcert", "-noprompt", "-alias", "ca", "-file", caPem.toString(), "-keystore", server);
        Keytool.run(PASSWORD, "-importcert", "-alias", "server", "-file", serverPem, "-keystore", server);
        return new ThrowawayCa(caPem, Keytool.serverContext(Path.of(server), PASSWORD));
    }

    /** {@return the CA's certificate, PEM: what {@code INAT_AUTH_CA_FILE} names} */
    public Path caPem() {
        return caPem;
    }

    /** {@return a server-side context presenting the certificate the CA signed (and the CA's)} */
    public SSLContext serverContext() {
        return serverContext;
    }

    /** {@return a client context trusting this CA alone} */
    public SSLContext clientContext() {
        try (InputStream in = Files.newInputStream(caPem)) {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the test CA could not be loaded", e);
        }
    }
}
