package io.github.inatauth.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.inatauth.CredentialReport;
import io.github.inatauth.InatAuth;
import io.github.inatauth.http.internal.HttpTokenIssuer;
import io.github.inatauth.testkit.ChildJvm;
import io.github.inatauth.testkit.InatTestServer;
import io.github.inatauth.testkit.InatTestServerExtension;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
        List<String> entries = modulePathEntries("inat-auth-api", "inat-auth-http", "parsson", "jakarta.json-api");
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
        assertThat(runAgainstKit(main, entries)).contains("named=false token=eyJ");
        InatTestServer server = kit.server();
        assertThat(server.grantCount()).isEqualTo(1);
        assertThat(server.jwtCount()).isEqualTo(1);
    }

    @Test
    void create_withoutJsonProvider_failsAtBuildWithWhatToAdd(@TempDir Path dir) throws Exception {
        String modulePath = String.join(File.pathSeparator,
                modulePathEntries("inat-auth-api", "inat-auth-http", "jakarta.json-api"));
        Path main = dir.resolve("NoJsonMain.java");
        Files.writeString(main, String.join("\n",
                "public class NoJsonMain {",
                "    public static void main(String[] args) {",
                "        try (io.github.inatauth.InatAuth auth = io.github.inatauth.InatAuth.builder().store(\"none\").build()) {",
                "            System.out.println(\"built\");",
                "        } catch (io.github.inatauth.ConfigurationException e) {",
                "            System.out.println(\"refused: \" + e.getMessage());",
                "        }",
                "    }",
                "}"), StandardCharsets.UTF_8);
        ChildJvm.Result r = ChildJvm.java("--module-path", modulePath, "--add-modules", "io.github.inatauth.http",
                main.toString()).run(Duration.ofSeconds(60));
        String output = r.output();
        assertThat(r.exitCode()).as(output).isZero();
        assertThat(output).doesNotContain("built")
                .contains("refused: No Jakarta JSON-P provider found: add org.eclipse.parsson");
    }

    @Test
    void create_createsNoJsonProviderUntilJsonIsNeeded(@TempDir Path dir) throws Exception {
        List<String> entries = modulePathEntries("inat-auth-api", "inat-auth-http", "parsson", "jakarta.json-api");
        Path main = dir.resolve("LazyJsonMain.java");
        // JsonProvider's class initialiser creates its java.util.logging logger (and so starts the
        // LogManager: the cost a token served from a store must not pay); that logger tells whether it ran
        Files.writeString(main, String.join("\n",
                "public class LazyJsonMain {",
                "    public static void main(String[] args) {",
                "        try (io.github.inatauth.InatAuth auth = io.github.inatauth.InatAuth.create()) {",
                "            System.out.println(\"after the build: \" + jsonProviderCreated());",
                "            auth.accessToken();",
                "            System.out.println(\"after a token: \" + jsonProviderCreated());",
                "        }",
                "    }",
                "",
                "    static boolean jsonProviderCreated() {",
                "        return java.util.Collections.list(java.util.logging.LogManager.getLogManager().getLoggerNames())",
                "                .contains(\"jakarta.json.spi.JsonProvider\");",
                "    }",
                "}"), StandardCharsets.UTF_8);
        assertThat(runAgainstKit(main, entries)).contains("after the build: false").contains("after a token: true");
    }

    @Test
    void systemOpener_leanImage_startsTheBrowserCommandWithoutTheSecretVariables(@TempDir Path dir) throws Exception {
        String modulePath = String.join(File.pathSeparator,
                modulePathEntries("inat-auth-api", "inat-auth-http", "jakarta.json-api"));
        Path main = dir.resolve("LeanMain.java");
        Files.writeString(main, String.join("\n",
                "public class LeanMain {",
                "    public static void main(String[] args) {",
                "        io.github.inatauth.http.BrowserOpener.system(System.out).open(java.net.URI.create(\"https://x.example/a\"));",
                "        System.out.println(\"desktop=\" + ModuleLayer.boot().findModule(\"java.desktop\").isPresent());",
                "    }",
                "}"), StandardCharsets.UTF_8);
        // the "browser": a script that writes its arguments and environment to a file
        Path seen = dir.resolve("browser-saw.txt");
        Path browser = dir.resolve("fake-browser");
        Files.writeString(browser, "#!/bin/sh\n{ echo \"ARGS=$*\"; env; } > '" + seen + ".tmp' && mv '" + seen + ".tmp' '"
                + seen + "'\n", StandardCharsets.UTF_8);
        assertThat(browser.toFile().setExecutable(true)).isTrue();
        // as a lean jlink image: only our module and what it requires (jdk.compiler runs the source file)
        Map<String, String> env = new HashMap<>();
        env.put("BROWSER", browser + " %s");
        Map<String, String> secrets = Map.of("INAT_PASSWORD", "pw-6f1c", "INAT_APP_SECRET", "app-secret-83d2",
                "INAT_AUTH_PASSPHRASE", "passphrase-19ae", "INAT_AUTH_REMOTE_AUTHORIZATION", "Bearer broker-4c07",
                "INAT_AUTH_KEY_FILE", dir.resolve("key").toString());
        env.putAll(secrets);
        env.put("HARMLESS_MARKER", "kept-5e21");
        ChildJvm.Result r = ChildJvm.java("--module-path", modulePath,
                "--limit-modules", "io.github.inatauth.http,jdk.compiler,jdk.zipfs",
                "--add-modules", "io.github.inatauth.http", main.toString()).environment(env).run(Duration.ofSeconds(60));
        String output = r.output();
        assertThat(r.exitCode()).as(output).isZero();
        assertThat(output).contains("https://x.example/a").contains("desktop=false");
        // the browser runs on its own; give it time to write (the test does not depend on how fast)
        for (int i = 0; i < 600 && !Files.exists(seen); i++) {
            Thread.sleep(100);
        }
        String saw = Files.readString(seen, StandardCharsets.UTF_8);
        assertThat(saw).contains("ARGS=https://x.example/a").contains("HARMLESS_MARKER=kept-5e21");
        secrets.forEach((name, value) -> assertThat(saw).doesNotContain(name).doesNotContain(value));
    }

    /**
     * Runs the source file {@code main} on {@code classPath} with the kit's server and default credentials
     * in its environment and no token store; it must succeed.
     */
    private String runAgainstKit(Path main, List<String> classPath) {
        Map<String, String> env = new HashMap<>(TestSupport.envWithDefaults(kit.server()));
        env.put("INAT_AUTH_BASE_URL", kit.server().baseUrl().toString());
        env.put("INAT_AUTH_STORE", "none");
        ChildJvm.Result r = ChildJvm.java("-cp", String.join(File.pathSeparator, classPath), main.toString())
                .environment(env).run(Duration.ofSeconds(60));
        assertThat(r.exitCode()).as(r.output()).isZero();
        return r.output();
    }

    /** The module path entries of these artifacts: their jars, or a reactor module's target/classes. */
    private static List<String> modulePathEntries(String... artifacts) {
        List<String> found = Arrays.stream(System.getProperty("jdk.module.path").split(File.pathSeparator))
                .filter(e -> Arrays.stream(artifacts).anyMatch(a -> isArtifact(Paths.get(e), a)))
                .collect(Collectors.toList());
        assertThat(found).as("module path entries of %s", Arrays.toString(artifacts)).hasSize(artifacts.length);
        return found;
    }

    private static boolean isArtifact(Path entry, String artifact) {
        String name = entry.getFileName().toString();
        if (name.endsWith(".jar")) {
            return name.startsWith(artifact + "-") && Character.isDigit(name.charAt(artifact.length() + 1));
        }
        Path module = entry.getParent() == null ? null : entry.getParent().getParent();
        return name.equals("classes") && module != null && module.getFileName().toString().equals(artifact);
    }
}
