package io.github.inatauth.filestore.internal;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A child JVM running a test class's {@code main}, with this JVM's java and everything on its module
 * path and class path put on the child's class path (the providers are found through META-INF/services).
 * Its stdout lines arrive in {@link #lines}; stderr goes to a file for the failure message.
 */
final class ChildJvm implements AutoCloseable {
    static final String EOF = "\u0000eof";

    final Process process;
    final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Thread reader;
    private final Path stderr;

    private ChildJvm(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
        this.reader = new Thread(this::readLines, "child-stdout-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    static ChildJvm start(Class<?> mainClass, Map<String, String> env, Path stderr, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-cp", classPath(), mainClass.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("INAT_") || name.startsWith("XDG_"));
        builder.environment().putAll(env);
        return new ChildJvm(builder.start(), stderr);
    }

    private static String classPath() {
        String modulePath = System.getProperty("jdk.module.path", "");
        String classPath = System.getProperty("java.class.path", "");
        return modulePath.isEmpty() ? classPath : modulePath + File.pathSeparator + classPath;
    }

    private void readLines() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            // the child was killed mid-line: what was read is what counts
        } finally {
            lines.add(EOF);
        }
    }

    /** Waits until the child's stdout is closed (it exited or was killed) and all lines were read. */
    void awaitEndOfOutput() throws InterruptedException {
        reader.join();
    }

    String stderr() {
        try {
            return java.nio.file.Files.readString(stderr);
        } catch (IOException e) {
            return "(no stderr: " + e + ")";
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
