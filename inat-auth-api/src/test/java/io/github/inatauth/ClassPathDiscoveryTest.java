package io.github.inatauth;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.inatauth.testkit.ChildJvm;
import io.github.inatauth.testkit.CountingIssuer;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The tests run on the module path; this one starts a JVM with a plain class path. */
class ClassPathDiscoveryTest {

    /** Run in the child JVM: prints the discovered source ids and the default store. */
    public static final class Main {
        public static void main(String[] args) {
            CountingIssuer issuer = new CountingIssuer(java.time.Clock.systemUTC());
            try (InatAuth auth = InatAuth.builder().environment(k -> null).systemProperties(k -> null).issuer(issuer.provider()).build()) {
                System.out.println("named=" + InatAuth.class.getModule().isNamed());
                auth.credentialReport().sources().forEach(s -> System.out.println("source=" + s.sourceId()));
                System.out.println("store=" + auth.storeId());
            }
        }
    }

    @Test
    void discovery_onClassPath_findsProvidersThroughMetaInfServices() {
        String classes = Path.of("target", "classes").toAbsolutePath().toString();
        String testClasses = Path.of("target", "test-classes").toAbsolutePath().toString();
        ChildJvm.Result r = ChildJvm.java("-cp", classes + File.pathSeparator + testClasses, Main.class.getName())
                .run(Duration.ofSeconds(60));
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("named=false", "source=env", "store=memory");
    }
}
