package io.github.inatauth.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A throw-away self-signed certificate for {@code 127.0.0.1} (EC, secp256r1), for tests of HTTPS
 * clients: a server side {@link SSLContext}, and the PKCS#12 file a client can trust (or, by not
 * trusting it, see an untrusted certificate). Made with the running JDK's {@code keytool}, so it needs
 * a full JDK, not a jlink image.
 */
public final class SelfSignedTls {
    private static final String PASSWORD = "testkit";

    private final Path keystore;
    private final SSLContext serverContext;

    private SelfSignedTls(Path keystore, SSLContext serverContext) {
        this.keystore = keystore;
        this.serverContext = serverContext;
    }

    /**
     * Makes a certificate for {@code 127.0.0.1} with the JDK's {@code keytool}, writes it with its key
     * as {@code server.p12} into {@code folder}, and loads it.
     *
     * @param folder an existing folder, such as a test's temporary one
     * @return the certificate, ready for a server and its clients
     * @throws UncheckedIOException when the file cannot be written or read
     * @throws IllegalStateException when keytool fails or the key store cannot be loaded
     */
    public static SelfSignedTls create(Path folder) {
        Path keystore = folder.resolve("server.p12");
        try {
            Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                    "-genkeypair", "-keyalg", "EC", "-groupname", "secp256r1", "-alias", "server",
                    "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1", "-validity", "2",
                    "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD)
                    .redirectErrorStream(true).start();
            String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
                throw new IllegalStateException("keytool could not make a test certificate: " + output.strip());
            }
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keystore)) {
                ks.load(in, PASSWORD.toCharArray());
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, PASSWORD.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            return new SelfSignedTls(keystore, context);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the test certificate could not be loaded", e);
        }
    }

    /** {@return the certificate and key, PKCS#12; usable as a client's trust store} */
    public Path keystore() {
        return keystore;
    }

    /** {@return the password of {@link #keystore()} (a test value)} */
    public String password() {
        return PASSWORD;
    }

    /** {@return a server-side context presenting the certificate} */
    public SSLContext serverContext() {
        return serverContext;
    }

    /** {@return JVM options that make a client trust this certificate (for {@code JDK_JAVA_OPTIONS})} */
    public String trustStoreOptions() {
        return "-Djavax.net.ssl.trustStore=" + keystore + " -Djavax.net.ssl.trustStorePassword=" + PASSWORD
                + " -Djavax.net.ssl.trustStoreType=PKCS12";
    }
}
