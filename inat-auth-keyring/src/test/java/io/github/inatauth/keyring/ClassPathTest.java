package io.github.inatauth.keyring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.inatauth.keyring.internal.PythonKeyring;
import io.github.inatauth.keyring.internal.secretservice.SecretServiceFixture;
import io.github.inatauth.spi.CredentialSource;
import io.github.inatauth.spi.ProviderContext;
import io.github.inatauth.testkit.ChildJvm;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * On the class path (no module descriptors at all), ServiceLoader still finds the keyring source
 * through META-INF/services, and dbus-java still finds its Unix socket transport.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClassPathTest {

    /** Run in a child JVM on the class path: prints what the keyring source gives. */
    public static void main(String[] args) {
        CredentialSource source = ServiceLoader.load(CredentialSource.class).stream().map(ServiceLoader.Provider::get)
                .filter(s -> s.id().equals("keyring")).findFirst().orElseThrow();
        CredentialSource.Result result = source.read(ProviderContext.system());
        System.out.print(result instanceof CredentialSource.Result.Found found
                ? "found " + found.credentials().username() + " named=" + source.getClass().getModule().isNamed()
                : "not found " + result);
    }

    @Test
    void classPath_keyringSourceIsDiscoveredAndReadsPythonsEntries() throws Exception {
        SecretServiceFixture.require().close();
        SecretServiceFixture.requireThrowAwayKeyring();
        PythonKeyring.require();
        PythonKeyring.setPassword("/inaturalist", "username", "class-path-user");
        try {
            ChildJvm.Result child = ChildJvm.java("-cp", ChildJvm.thisClassPath(Path.of("target", "test-classes")
                    .toAbsolutePath().toString()), ClassPathTest.class.getName()).discardStderr().run(Duration.ofSeconds(50));
            String out = child.output();

            assertThat(out).isEqualTo("found class-path-user named=false");
        } finally {
            PythonKeyring.deletePassword("/inaturalist", "username");
        }
    }
}
