package io.github.inatauth.keyring.internal.secretservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.inatauth.StoreException;
import io.github.inatauth.spi.ProviderContext;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way of having no Secret Service ends in {@code UNAVAILABLE} with what to do, at once: no bus
 * variable, a bus address that leads nowhere or to a silent socket, a bus without the service.
 * These need no keyring and run everywhere.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class NoSecretServiceTest {

    @TempDir
    Path temp;

    private static ProviderContext withEnvironment(Map<String, String> environment) {
        return SecretServiceFixture.linux(ProviderContext.builder().environment(environment::get)
                .connectTimeout(Duration.ofSeconds(2)).build());
    }

    private static void assertUnavailable(ProviderContext context, String... messageParts) {
        assertThatThrownBy(() -> SecretServiceBackend.open(context))
                .isInstanceOfSatisfying(StoreException.class, e -> {
                    assertThat(e.kind()).isEqualTo(StoreException.Kind.UNAVAILABLE);
                    assertThat(e.isAbsent()).isTrue();
                    assertThat(e.getMessage()).contains(messageParts).contains("dbus-run-session");
                });
    }

    @Test
    void open_noBusVariable_isUnavailableNamingTheVariable() {
        assertUnavailable(withEnvironment(Map.of()), "DBUS_SESSION_BUS_ADDRESS");
    }

    @Test
    void open_emptyBusVariable_isUnavailable() {
        assertUnavailable(withEnvironment(Map.of("DBUS_SESSION_BUS_ADDRESS", "")), "DBUS_SESSION_BUS_ADDRESS");
    }

    @Test
    void open_busSocketMissing_isUnavailableNamingTheAddress() {
        String address = "unix:path=" + temp.resolve("no-such-bus");
        assertUnavailable(withEnvironment(Map.of("DBUS_SESSION_BUS_ADDRESS", address)), address);
    }

    @Test
    void open_garbageAddress_isUnavailable() {
        assertUnavailable(withEnvironment(Map.of("DBUS_SESSION_BUS_ADDRESS", "not a bus address")), "not a bus address");
    }

    @Test
    void open_noVariableButSystemdUserBusMissing_isUnavailable() {
        assertUnavailable(withEnvironment(Map.of("XDG_RUNTIME_DIR", temp.toString())), "DBUS_SESSION_BUS_ADDRESS");
    }

    @Test
    void open_socketThatNeverAnswers_givesUpAfterTheConnectTimeout() throws IOException {
        Path socket = temp.resolve("silent");
        try (ServerSocketChannel silent = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            silent.bind(UnixDomainSocketAddress.of(socket));
            ProviderContext context = SecretServiceFixture.linux(ProviderContext.builder()
                    .environment(Map.of("DBUS_SESSION_BUS_ADDRESS", "unix:path=" + socket)::get)
                    .connectTimeout(Duration.ofMillis(500)).build());

            assertUnavailable(context, "did not answer");
        }
    }

    /** Issue 13.7: far below the 10 s default connect timeout; the bound is generous for a loaded machine. */
    private static final long DEAD_BUS_BOUND_MILLIS = 3_000;

    private static ProviderContext withDefaultTimeouts(Map<String, String> environment) {
        return SecretServiceFixture.linux(ProviderContext.builder().environment(environment::get).build());
    }

    private static long millisToFail(ProviderContext context, String... messageParts) {
        long start = System.nanoTime();
        assertUnavailable(context, messageParts);
        return (System.nanoTime() - start) / 1_000_000;
    }

    @Test
    void open_vanishedBusSocket_failsQuicklyDespiteTheLongConnectTimeout() {
        String address = "unix:path=" + temp.resolve("vanished-bus");
        assertThat(millisToFail(withDefaultTimeouts(Map.of("DBUS_SESSION_BUS_ADDRESS", address)), address))
                .isLessThan(DEAD_BUS_BOUND_MILLIS);
    }

    @Test
    void open_muteBus_failsQuicklyDespiteTheLongConnectTimeout() throws IOException {
        Path socket = temp.resolve("mute");
        try (ServerSocketChannel mute = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            mute.bind(UnixDomainSocketAddress.of(socket)); // accepts (the backlog does), never answers
            ProviderContext context = withDefaultTimeouts(Map.of("DBUS_SESSION_BUS_ADDRESS", "unix:path=" + socket));
            assertThat(millisToFail(context, "did not answer")).isLessThan(DEAD_BUS_BOUND_MILLIS);
        }
    }

    @Test
    void open_abstractAddressWithoutFallback_isUnavailableSayingSo() {
        assertUnavailable(withEnvironment(Map.of("DBUS_SESSION_BUS_ADDRESS", "unix:abstract=/tmp/dbus-Xyz,guid=0f")),
                "abstract socket unix:abstract=/tmp/dbus-Xyz", "XDG_RUNTIME_DIR");
    }

    @Test
    void open_abstractAddress_fallsBackToTheRuntimeDirBus() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/dbus-daemon")), "dbus-daemon is not installed");
        Process daemon = startBus(temp.resolve("bus"));
        try {
            new BufferedReader(new InputStreamReader(daemon.getInputStream(), StandardCharsets.UTF_8)).readLine(); // listening
            // reaching the bus at $XDG_RUNTIME_DIR/bus shows as the answer of that bus: it has no Secret Service
            assertUnavailable(withEnvironment(Map.of("DBUS_SESSION_BUS_ADDRESS", "unix:abstract=/tmp/dbus-Xyz",
                    "XDG_RUNTIME_DIR", temp.toString())), "no Secret Service");
        } finally {
            daemon.destroy();
            daemon.waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** A bus of our own that knows no services, so nothing can be started on demand; it prints its address. */
    private Process startBus(Path socket) throws IOException {
        Path config = temp.resolve("bus.conf");
        Files.writeString(config, """
                <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
                 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
                <busconfig>
                  <type>session</type>
                  <listen>unix:path=%s</listen>
                  <auth>EXTERNAL</auth>
                  <policy context="default">
                    <allow send_destination="*" eavesdrop="true"/>
                    <allow eavesdrop="true"/>
                    <allow own="*"/>
                  </policy>
                </busconfig>
                """.formatted(socket));
        return new ProcessBuilder("/usr/bin/dbus-daemon", "--config-file=" + config, "--nofork", "--print-address=1")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    @Test
    void open_busWithoutSecretService_isUnavailable() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/dbus-daemon")), "dbus-daemon is not installed");
        Process daemon = startBus(temp.resolve("bus"));
        try {
            String address = new BufferedReader(new InputStreamReader(daemon.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            assertThat(address).startsWith("unix:");

            assertUnavailable(withEnvironment(Map.of("DBUS_SESSION_BUS_ADDRESS", address)), "no Secret Service");
        } finally {
            daemon.destroy();
            daemon.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
