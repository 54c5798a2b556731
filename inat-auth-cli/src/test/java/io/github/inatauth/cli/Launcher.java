package io.github.inatauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the image's real launcher, {@code bin/inat-auth}, as a process with a controlled environment:
 * no INAT_* variable, no D-Bus session and no Java options from the test's own environment, and a
 * HOME of its own. Every run is checked for the sentinel secrets: they never appear in any output.
 */
final class Launcher {
    static final Path IMAGE = Path.of(System.getProperty("inat.auth.cli.image", "target/image"));
    static final Path EXECUTABLE = IMAGE.resolve("bin").resolve("inat-auth");

    private final Map<String, String> environment = new HashMap<>();
    private final List<String> forbidden = new ArrayList<>();
    private final List<String> wrapper = new ArrayList<>();

    /** A launcher whose HOME and XDG_CONFIG_HOME are under {@code home}. */
    Launcher(Path home) {
        System.getenv().forEach((name, value) -> {
            if (!name.startsWith("INAT_") && !name.equals("DBUS_SESSION_BUS_ADDRESS") && !name.startsWith("XDG_")
                    && !name.equals("JAVA_TOOL_OPTIONS") && !name.equals("JDK_JAVA_OPTIONS")
                    && !name.equals("_JAVA_OPTIONS")) {
                environment.put(name, value);
            }
        });
        environment.put("HOME", home.toString());
        environment.put("XDG_CONFIG_HOME", home.resolve("config").toString());
    }

    Launcher env(String name, String value) {
        if (value == null) {
            environment.remove(name);
        } else {
            environment.put(name, value);
        }
        return this;
    }

    /** Runs the launcher through {@code command} (e.g. {@code setpriv ...} to run it as another user). */
    Launcher via(String... command) {
        wrapper.addAll(List.of(command));
        return this;
    }

    /** Values that must never show in stdout or stderr (passwords, app secrets). */
    Launcher forbid(String... secrets) {
        forbidden.addAll(List.of(secrets));
        return this;
    }

    Result run(String... args) {
        return runWithInput(null, args);
    }

    /** Starts the launcher without waiting, for tests that talk to it while it runs. */
    Process start(String... args) throws IOException {
        List<String> command = new ArrayList<>(wrapper);
        command.add(EXECUTABLE.toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().clear();
        pb.environment().putAll(environment);
        return pb.start();
    }

    /** Checks what a process printed for the sentinels. */
    void checkNoSecrets(String output) {
        for (String secret : forbidden) {
            assertThat(output).doesNotContain(secret);
        }
    }

    Result runWithInput(String stdin, String... args) {
        try {
            Process p = start(args);
            CompletableFuture<String> out = drain(p.getInputStream());
            CompletableFuture<String> err = drain(p.getErrorStream());
            try (OutputStream in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("inat-auth " + String.join(" ", args) + " did not finish in 120 s");
            }
            Result r = new Result(p.exitValue(), out.join(), err.join());
            checkNoSecrets(r.out() + r.err());
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static CompletableFuture<String> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    static boolean imageExists() {
        return Files.isExecutable(EXECUTABLE);
    }

    record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }
}
