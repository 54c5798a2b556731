package io.github.inatauth.http.internal;

import io.github.inatauth.ConfigurationException;
import io.github.inatauth.spi.ProviderContext;
import io.github.inatauth.spi.Setting;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * {@code INAT_AUTH_CA_FILE}: a PEM file of certificates trusted in addition to the JDK's, for networks
 * that inspect TLS with their own root. A server is trusted when the JDK's certificates or the file's
 * vouch for it; the host name is checked either way.
 */
final class CaFile {
    static final String VARIABLE = Setting.CA_FILE.displayName();
    /** Far more than any bundle of roots; a larger file is not what the setting means. */
    private static final long MAX_BYTES = 1024 * 1024;

    private CaFile() {
    }

    /**
     * The TLS context trusting the JDK's certificates and those of {@code INAT_AUTH_CA_FILE}; empty when
     * the setting is unset.
     *
     * @throws ConfigurationException naming the file when it cannot be read or holds no PEM certificate
     */
    static Optional<SSLContext> sslContext(ProviderContext context) {
        Optional<Path> setting = context.path(Setting.CA_FILE);
        if (setting.isEmpty()) {
            return Optional.empty();
        }
        Path file = setting.get();
        List<X509Certificate> certificates = read(file);
        try {
            KeyStore extra = KeyStore.getInstance(KeyStore.getDefaultType());
            extra.load(null, null);
            for (int i = 0; i < certificates.size(); i++) {
                extra.setCertificateEntry("inat-auth-ca-" + i, certificates.get(i));
            }
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, new TrustManager[] {new EitherTrustManager(trustManager(null), trustManager(extra))}, null);
            return Optional.of(tls);
        } catch (GeneralSecurityException | IOException e) {
            throw new ConfigurationException("The certificates of " + VARIABLE + " (" + file + ") could not be "
                    + "made trusted: " + e.getMessage() + ".", e);
        }
    }

    static List<X509Certificate> read(Path file) {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new ConfigurationException(VARIABLE + " names " + file + ", which is larger than "
                        + MAX_BYTES / 1024 + " KiB; give a PEM file of the CA certificates to trust.");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ConfigurationException(VARIABLE + " names " + file + ", which cannot be read ("
                    + e.getClass().getSimpleName() + "); give a readable PEM file of the CA certificates to trust.", e);
        }
        String text = new String(bytes, java.nio.charset.StandardCharsets.US_ASCII);
        if (!text.contains("-----BEGIN CERTIFICATE-----")) {
            throw new ConfigurationException(VARIABLE + " names " + file + ", which holds no PEM certificate "
                    + "(-----BEGIN CERTIFICATE-----); give the CA's certificate in PEM form.");
        }
        try (InputStream in = new ByteArrayInputStream(bytes)) {
            Collection<? extends Certificate> all = CertificateFactory.getInstance("X.509").generateCertificates(in);
            List<X509Certificate> certificates = new ArrayList<>();
            for (Certificate c : all) {
                certificates.add((X509Certificate) c);
            }
            if (certificates.isEmpty()) {
                throw new ConfigurationException(VARIABLE + " names " + file + ", which holds no certificate.");
            }
            return certificates;
        } catch (CertificateException | IOException e) {
            throw new ConfigurationException(VARIABLE + " names " + file + ", whose PEM certificates cannot be read ("
                    + e.getMessage() + "); give the CA's certificates in PEM form.", e);
        }
    }

    /** The trust manager of {@code store}; {@code null}: the JDK's default certificates. */
    private static X509ExtendedTrustManager trustManager(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        f.init(store);
        for (TrustManager m : f.getTrustManagers()) {
            if (m instanceof X509ExtendedTrustManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager");
    }

    /** Trusts what the first or the second trusts; the first one's refusal is the one reported. */
    private static final class EitherTrustManager extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager first;
        private final X509ExtendedTrustManager second;

        EitherTrustManager(X509ExtendedTrustManager first, X509ExtendedTrustManager second) {
            this.first = first;
            this.second = second;
        }

        private interface Check {
            void check(X509ExtendedTrustManager m) throws CertificateException;
        }

        private void either(Check check) throws CertificateException {
            try {
                check.check(first);
            } catch (CertificateException refused) {
                try {
                    check.check(second);
                } catch (CertificateException alsoRefused) {
                    refused.addSuppressed(alsoRefused);
                    throw refused;
                }
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            either(m -> m.checkServerTrusted(chain, authType, socket));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            either(m -> m.checkServerTrusted(chain, authType, engine));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            either(m -> m.checkServerTrusted(chain, authType));
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            either(m -> m.checkClientTrusted(chain, authType, socket));
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            either(m -> m.checkClientTrusted(chain, authType, engine));
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            either(m -> m.checkClientTrusted(chain, authType));
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            X509Certificate[] a = first.getAcceptedIssuers();
            X509Certificate[] b = second.getAcceptedIssuers();
            X509Certificate[] both = java.util.Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, both, a.length, b.length);
            return both;
        }
    }
}
