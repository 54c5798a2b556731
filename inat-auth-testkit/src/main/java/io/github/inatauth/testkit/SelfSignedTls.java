package io.github.inatauth.testkit;

import java.io.UncheckedIOException;
import java.nio.file.Path;
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
        Keytool.run(PASSWORD, "-genkeypair", "-keyalg", "EC", "-groupname", "secp256r1", "-alias", "server",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-keystore", keystore.toString());
        return new SelfSignedTls(keystore, Keytool.serverContext(keystore, PASSWORD));
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
