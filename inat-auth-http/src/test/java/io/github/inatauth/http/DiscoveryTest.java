package io.github.inatauth.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.inatauth.CredentialReport;
import io.github.inatauth.InatAuth;
import io.github.inatauth.http.internal.HttpTokenIssuer;
import io.github.inatauth.testkit.InatTestServer;
import io.github.inatauth.testkit.InatTestServerExtension;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The providers are found on the module path (this test run) and on the class path (a child JVM). */
class DiscoveryTest {

    @RegisterExtension
    final InatTestServerExtension kit = new InatTestServerExtension();

    @Test
    void create_onModulePath_findsIssuerAndRemoteSource() {
        assertThat(HttpTokenIssuer.class.getModule().getName()).isEqualTo("io.github.inatauth.http");
        Map<String, String> env = TestSupport.envWithDefaults(kit.server());
        try (InatAuth auth = InatAuth.builder().environment(env::get).baseUrl(kit.server().baseUrl().toString())
                .store("none").build()) {
            assertThat(auth.accessToken()).startsWith("eyJ");
            assertThat(auth.credentialReport().sources()).extracting(CredentialReport.SourceReport::sourceId)
                    .contains("env", "remote");
        }
    }

    @Test
    void create_onClassPath_findsIssuerThroughMetaInfServices(@TempDir Path dir) throws Exception {
        String modulePath = System.getProperty("jdk.module.path");
        assertThat(modulePath).as("tests run on the module path").isNotNull();
        List<String> entries = Arrays.stream(modulePath.split(File.pathSeparator))
                .filter(e -> e.contains("inat-auth-api") || e.contains("inat-auth-http") || e.contains("parsson")
                        || e.contains("jakarta.json"))
                .filter(e -> !e.contains("test-classes"))
                .collect(Collectors.toList());
        assertThat(entries).hasSize(4);
        Path main = dir.resolve("ClassPathMain.java");
        Files.writeString(main, String.join("\n",
                "public class ClassPathMain {",
                "    public static void main(String[] args) {",
                "        try (io.github.inatauth.InatAuth auth = io.github.inatauth.InatAuth.create()) {",
                "            String token = auth.accessToken();",
                "            System.out.println(\"named=\" + io.github.inatauth.InatAuth.class.getModule().isNamed()",
                "                    + \" token=\" + token.substring(0, 12));",
                "        }",
                "    }",
                "}"), StandardCharsets.UTF_8);
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", String.join(File.pathSeparator, entries), main.toString())
                .redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("INAT_"));
        env.putAll(TestSupport.envWithDefaults(kit.server()));
        env.put("INAT_AUTH_BASE_URL", kit.server().baseUrl().toString());
        env.put("INAT_AUTH_STORE", "none");
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).contains("named=false token=eyJ");
        InatTestServer server = kit.server();
        assertThat(server.grantCount()).isEqualTo(1);
        assertThat(server.jwtCount()).isEqualTo(1);
    }
}
