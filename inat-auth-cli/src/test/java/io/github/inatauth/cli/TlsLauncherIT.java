package io.github.inatauth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.inatauth.testkit.SelfSignedTls;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image speaks the TLS that iNaturalist's servers expect: TLS 1.3 with an elliptic-curve key
 * exchange (on JDK 17 those curves live in {@code jdk.crypto.ec}, which nothing {@code requires}, so
 * the image must name it). A small HTTPS server on loopback answers the grant and the JWT request.
 */
class TlsLauncherIT {

    @Test
    void token_overHttpsWithEllipticCurvesOnly_succeeds(@TempDir Path home) throws Exception {
        assumeTrue(Launcher.imageExists(), "the image is built in the package phase");
        SelfSignedTls certificate = SelfSignedTls.create(home);
        SSLContext tls = certificate.serverContext();

        String jwt = jwt(Instant.now().plusSeconds(3600));
        List<String> protocols = new CopyOnWriteArrayList<>();
        try (SSLServerSocket server = (SSLServerSocket) tls.getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            server.setEnabledProtocols(new String[] {"TLSv1.3"});
            Thread serving = new Thread(() -> serve(server, jwt, protocols), "https-stand-in");
            serving.setDaemon(true);
            serving.start();

            Launcher.Result r = new Launcher(home)
                    .env("INAT_USERNAME", "tls-user").env("INAT_PASSWORD", "tls-password")
                    .env("INAT_APP_ID", "tls-app").env("INAT_APP_SECRET", "tls-secret")
                    .env("INAT_AUTH_STORE", "none")
                    // the client offers only elliptic-curve groups, and trusts the test's certificate
                    .env("JDK_JAVA_OPTIONS", "-Djdk.tls.namedGroups=x25519,secp256r1 " + certificate.trustStoreOptions())
                    .forbid("tls-password", "tls-secret")
                    .run("token", "--base-url", "https://127.0.0.1:" + server.getLocalPort());

            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.out()).isEqualTo(jwt + "\n");
            assertThat(protocols).isNotEmpty().allMatch("TLSv1.3"::equals);
        }
    }

    /**
     * jdk.crypto.ec holds the curves up to JDK 21; from JDK 22 on it is empty and deprecated for
     * removal, and an image built there must not name it (jlink would warn, and a later JDK drops it).
     */
    @Test
    void image_namesJdkCryptoEc_onlyWhenBuiltByAJdkThatNeedsIt() throws IOException {
        assumeTrue(Launcher.imageExists(), "the image is built in the package phase");
        Properties release = new Properties();
        try (Reader in = Files.newBufferedReader(Launcher.IMAGE.resolve("release"), StandardCharsets.UTF_8)) {
            release.load(in);
        }
        String javaVersion = release.getProperty("JAVA_VERSION").replace("\"", "");
        List<String> modules = List.of(release.getProperty("MODULES").replace("\"", "").split(" "));
        int feature = Runtime.Version.parse(javaVersion).feature();

        if (feature >= 22) {
            assertThat(modules).as("image built by JDK " + javaVersion).doesNotContain("jdk.crypto.ec");
        } else {
            assertThat(modules).as("image built by JDK " + javaVersion).contains("jdk.crypto.ec");
        }
    }

    /** Answers the grant and the JWT request, one request per connection. */
    private static void serve(SSLServerSocket server, String jwt, List<String> protocols) {
        while (!server.isClosed()) {
            try (SSLSocket s = (SSLSocket) server.accept()) {
                s.startHandshake();
                protocols.add(s.getSession().getProtocol());
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
                String requestLine = in.readLine();
                int length = 0;
                for (String h = in.readLine(); h != null && !h.isEmpty(); h = in.readLine()) {
                    if (h.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                        length = Integer.parseInt(h.substring(15).trim());
                    }
                }
                in.skip(length);
                String body = requestLine != null && requestLine.contains("/oauth/token")
                        ? "{\"access_token\":\"tls-oauth-token\",\"token_type\":\"Bearer\",\"scope\":\"write login\",\"created_at\":" + Instant.now().getEpochSecond() + "}"
                        : "{\"api_token\":\"" + jwt + "\"}";
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                OutputStream out = s.getOutputStream();
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length
                        + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.write(bytes);
                out.flush();
            } catch (IOException e) {
                if (server.isClosed()) {
                    return;
                }
            }
        }
    }

    private static String jwt(Instant exp) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"HS512\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(("{\"user_id\":1,\"exp\":" + exp.getEpochSecond() + "}").getBytes(StandardCharsets.UTF_8))
                + ".signature";
    }

}
