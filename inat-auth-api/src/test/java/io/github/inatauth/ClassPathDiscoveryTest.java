package io.github.inatauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The tests run on the module path; this one starts a JVM with a plain class path. */
class ClassPathDiscoveryTest {

    /** Run in the child JVM: prints the discovered source ids and the default store. */
    public static final class Main {
        public static void main(String[] args) {
            FakeIssuer issuer = new FakeIssuer(java.time.Clock.systemUTC());
            try (InatAuth auth = InatAuth.builder().environment(k -> null).systemProperties(k -> null).issuer(issuer).build()) {
                System.out.println("named=" + InatAuth.class.getModule().isNamed());
                auth.credentialReport().sources().forEach(s -> System.out.println("source=" + s.sourceId()));
                System.out.println("store=" + auth.storeId());
            }
        }
    }

    @Test
    void discovery_onClassPath_findsProvidersThroughMetaInfServices() throws Exception {
        String classes = Path.of("target", "classes").toAbsolutePath().toString();
        String testClasses = Path.of("target", "test-classes").toAbsolutePath().toString();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", classes + File.pathSeparator + testClasses, Main.class.getName())
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("named=false", "source=env", "store=memory");
    }
}
