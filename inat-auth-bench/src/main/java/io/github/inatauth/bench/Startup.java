package io.github.inatauth.bench;

import io.github.inatauth.testkit.InatTestServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;

/**
 * Start-up: the wall time of a whole {@code inat-auth token} process that is served from the file
 * store (no network: the test server that issued the token is stopped first), against the same image
 * running a trivial main; and the image's size against a {@code java.base}-only image made with the
 * same jlink options.
 *
 * <p>Arguments: {@code cliImage runs workDir resultFile}.
 */
public final class Startup {
    private Startup() {
    }

    public static void main(String[] args) throws Exception {
        Path image = Path.of(args[0]).toAbsolutePath();
        int runs = Integer.parseInt(args[1]);
        Path work = Path.of(args[2]).toAbsolutePath();
        Path out = Path.of(args[3]);
        if (Files.exists(work)) {
            delete(work); // a store from an earlier run has another key
        }
        Files.createDirectories(work);

        Path keyFile = work.resolve("key");
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Files.write(keyFile, key);
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));

        Map<String, String> keyEnv = storeEnv(work.resolve("store-key"));
        keyEnv.put("INAT_AUTH_KEY_FILE", keyFile.toString());
        Map<String, String> passEnv = storeEnv(work.resolve("store-passphrase"));
        passEnv.put("INAT_AUTH_PASSPHRASE", "correct horse battery staple");

        List<String> token = List.of(image.resolve("bin/inat-auth").toString(), "token");
        try (InatTestServer server = InatTestServer.start()) {
            for (Map<String, String> env : List.of(keyEnv, passEnv)) {
                env.put("INAT_AUTH_BASE_URL", server.baseUrl().toString());
                run(token, env); // the token lands in the store
            }
        } // the server is gone: from here on the token can only come from the store

        Path classes = Path.of(Trivial.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> trivial = List.of(image.resolve("bin/java").toString(), "-cp", classes.toString(),
                Trivial.class.getName());
        Path baseImage = work.resolve("java-base-image");
        ToolProvider jlink = ToolProvider.findFirst("jlink").orElseThrow(() -> new IllegalStateException("no jlink"));
        jlinkJavaBase(jlink, baseImage);
        List<String> trivialOnBase = List.of(baseImage.resolve("bin/java").toString(), "-cp", classes.toString(),
                Trivial.class.getName());

        Map<String, String> plain = new HashMap<>();
        String json = "{\"runs\": " + runs
                + ", \"token_key_file_ms\": " + medianMillis(token, keyEnv, runs)
                + ", \"token_passphrase_ms\": " + medianMillis(token, passEnv, runs)
                + ", \"trivial_same_image_ms\": " + medianMillis(trivial, plain, runs)
                + ", \"trivial_java_base_image_ms\": " + medianMillis(trivialOnBase, plain, runs)
                + ", \"image_bytes\": " + size(image) + ", \"java_base_image_bytes\": " + size(baseImage)
                + ",\n \"classes_token\": " + classLoads(token, keyEnv, work.resolve("classes-token.log"))
                + ",\n \"classes_trivial\": " + classLoads(trivial, plain, work.resolve("classes-trivial.log")) + "}";
        Files.writeString(out, json + "\n");
        System.out.println(json);
    }

    /**
     * Where start-up goes, from one run with {@code -Xlog:class+load}: classes loaded in all, from a
     * CDS archive, from Bouncy Castle, and of the JDK's TLS implementation, and the top modules.
     */
    private static String classLoads(List<String> command, Map<String, String> env, Path log) throws Exception {
        Map<String, String> logging = new HashMap<>(env);
        logging.put("JDK_JAVA_OPTIONS", "-Xlog:class+load=info:file=" + log);
        run(command, logging);
        List<String> lines = Files.readAllLines(log).stream().filter(l -> l.contains(" source: ")).toList();
        Map<String, Long> byModule = new java.util.TreeMap<>();
        for (String line : lines) {
            String source = line.substring(line.indexOf(" source: ") + 9);
            String module = source.startsWith("jrt:/") ? source.substring(5)
                    : source.contains("shared objects file") ? "(CDS archive)"
                    : source.startsWith("file:") ? "(class path)" : "(generated: lambdas, method handles)";
            byModule.merge(module, 1L, Long::sum);
        }
        String top = byModule.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(6)
                .map(e -> "\"" + e.getKey() + "\": " + e.getValue()).collect(java.util.stream.Collectors.joining(", "));
        return "{\"total\": " + lines.size()
                + ", \"cds\": " + lines.stream().filter(l -> l.contains("shared objects file")).count()
                + ", \"bouncycastle\": " + lines.stream().filter(l -> l.contains(" org.bouncycastle.")).count()
                + ", \"tls\": " + lines.stream().filter(l -> l.contains(" sun.security.ssl.")).count()
                + ", \"top_modules\": {" + top + "}}";
    }

    private static Map<String, String> storeEnv(Path home) {
        Map<String, String> env = BenchSetup.testkitEnvironment();
        env.put("INAT_AUTH_HOME", home.toString());
        env.put("INAT_AUTH_STORE", "file");
        env.put("INAT_AUTH_SOURCES", "env");
        return env;
    }

    /** Runs the command once as a warm-up, then {@code runs} times; the median wall time in ms. */
    private static double medianMillis(List<String> command, Map<String, String> env, int runs) throws Exception {
        run(command, env);
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            run(command, env);
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        double median = runs % 2 == 1 ? ms[runs / 2] : (ms[runs / 2 - 1] + ms[runs / 2]) / 2;
        return Math.round(median * 10) / 10.0;
    }

    private static void run(List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("INAT_"));
        pb.environment().putAll(env);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = p.waitFor();
        if (exit != 0) {
            // the output of a failed token command holds no token: it is an error message
            throw new IllegalStateException(command.get(0) + " exited " + exit + ": " + output.strip());
        }
    }

    private static void jlinkJavaBase(ToolProvider jlink, Path output) {
        StringWriter log = new StringWriter();
        List<String> args = new ArrayList<>(List.of("--add-modules", "java.base", "--strip-debug", "--no-man-pages",
                "--no-header-files", "--output", output.toString()));
        int exit = jlink.run(new PrintWriter(log), new PrintWriter(log), args.toArray(String[]::new));
        if (exit != 0) {
            throw new IllegalStateException("jlink failed: " + log);
        }
    }

    private static long size(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
