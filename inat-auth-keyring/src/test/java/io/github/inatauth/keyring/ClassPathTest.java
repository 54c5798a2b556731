package io.github.inatauth.keyring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.inatauth.keyring.internal.PythonKeyring;
import io.github.inatauth.keyring.internal.secretservice.SecretServiceFixture;
import io.github.inatauth.spi.CredentialSource;
import io.github.inatauth.spi.ProviderContext;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
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
            String classPath = Stream.of(System.getProperty("jdk.module.path", ""), System.getProperty("java.class.path", ""),
                            Path.of("target", "test-classes").toAbsolutePath().toString())
                    .flatMap(p -> Stream.of(p.split(File.pathSeparator))).filter(p -> !p.isBlank()).distinct()
                    .collect(Collectors.joining(File.pathSeparator));
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", classPath, ClassPathTest.class.getName())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(child.waitFor(50, TimeUnit.SECONDS)).isTrue();

            assertThat(out).isEqualTo("found class-path-user named=false");
        } finally {
            PythonKeyring.deletePassword("/inaturalist", "username");
        }
    }
}
