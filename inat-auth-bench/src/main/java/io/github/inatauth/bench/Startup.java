package io.github.inatauth.bench;

import io.github.inatauth.spi.Setting;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;

/**
 * Start-up: the wall time of whole {@code inat-auth} processes against the same image running a
 * trivial main, and the image's size against a {@code java.base}-only image linked by the same JDK
 * with the same options (the jlink argument file the CLI's build wrote): both without their class-data
 * archives, and both with their own (the java.base image's made by {@code -Xshare:dump} from the JDK's
 * class list, as a JDK's default archive is). The runs alternate: each
 * round runs every case once, so that the machine's other load falls on all cases alike.
 *
 * <ul>
 *   <li>{@code token} served from the file store, unlocked by a key file, then by a passphrase (no
 *       network: the test server that issued the tokens is stopped first);</li>
 *   <li>{@code status} of that store;</li>
 *   <li>{@code token} whose store has no token yet: a fresh store folder each run, the grant and the
 *       JWT from the test server on loopback (it answers at once), the token saved.</li>
 * </ul>
 *
 * <p>Arguments: {@code cliImage runs workDir resultFile jlinkArgFile}.
 */
public final class Startup {
    /** GNU time, for the CPU time of each run (user + system: load-robust where wall time is not). */
    private static final Path GNU_TIME = Path.of("/usr/bin/time");

    private Startup() {
    }

    /** One process to time; {@code freshFolder}, when set, is deleted before each run (a store with no token yet). */
    private record Case(String name, List<String> command, Map<String, String> env, Path freshFolder) {
    }

    public static void main(String[] args) throws Exception {
        Path image = Path.of(args[0]).toAbsolutePath();
        int runs = Integer.parseInt(args[1]);
        Path work = Path.of(args[2]).toAbsolutePath();
        Path out = Path.of(args[3]);
        Path jlinkOptions = Path.of(args[4]).toAbsolutePath();
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
        keyEnv.put(Setting.KEY_FILE.displayName(), keyFile.toString());
        Map<String, String> passEnv = storeEnv(work.resolve("store-passphrase"));
        passEnv.put(Setting.PASSPHRASE.displayName(), "correct horse battery staple");
        Path emptyStore = work.resolve("store-empty");
        Map<String, String> emptyEnv = storeEnv(emptyStore);
        emptyEnv.put(Setting.KEY_FILE.displayName(), keyFile.toString());

        String launcher = image.resolve("bin/inat-auth").toString();
        List<String> token = List.of(launcher, "token");
        Path classes = Path.of(Trivial.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> trivial = List.of(image.resolve("bin/java").toString(), "-cp", classes.toString(),
                Trivial.class.getName());
        Path baseImage = work.resolve("java-base-image");
        ToolProvider jlink = ToolProvider.findFirst("jlink").orElseThrow(() -> new IllegalStateException("no jlink"));
        jlinkJavaBase(jlink, jlinkOptions, baseImage);
        // the java.base image's own class-data archive (the JDK's list, lib/classlist), beside it, so
        // that its trivial main runs as jlink left it
        Path baseArchive = work.resolve("java-base-classes.jsa");
        run(List.of(baseImage.resolve("bin/java").toString(), "-XX:SharedArchiveFile=" + baseArchive, "-Xshare:dump"),
                new HashMap<>());
        List<String> trivialOnBase = List.of(baseImage.resolve("bin/java").toString(), "-cp", classes.toString(),
                Trivial.class.getName());
        Map<String, String> plain = new HashMap<>();

        List<Case> cases = List.of(
                new Case("token_key_file", token, keyEnv, null),
                new Case("token_passphrase", token, passEnv, null),
                new Case("status_key_file", List.of(launcher, "status"), keyEnv, null),
                new Case("token_empty_store", token, emptyEnv, emptyStore),
                new Case("trivial_same_image", trivial, plain, null),
                new Case("trivial_java_base_image", trivialOnBase, plain, null));
        Map<String, Double> medians;
        Map<String, String> loads = new LinkedHashMap<>();
        try (InatTestServer server = InatTestServer.start()) {
            for (Map<String, String> env : List.of(keyEnv, passEnv)) {
                env.put(Setting.BASE_URL.displayName(), server.baseUrl().toString());
                run(token, env); // the token lands in the store
            }
        } // that server is gone: the key-file and passphrase runs can only be served by their stores
        try (InatTestServer server = InatTestServer.start()) {
            emptyEnv.put(Setting.BASE_URL.displayName(), server.baseUrl().toString());
            medians = alternatingMedians(cases, runs, work.resolve("cpu-time.txt"));
            for (Case c : cases) {
                if (!c.name().equals("trivial_java_base_image") && !c.name().equals("token_passphrase")) {
                    loads.put(c.name(), classLoads(c, work.resolve("classes-" + c.name() + ".log")));
                }
            }
        }

        StringBuilder json = new StringBuilder("{\"runs\": " + runs);
        medians.forEach((name, ms) -> json.append(", \"").append(name).append("\": ").append(ms));
        json.append(", \"image_bytes\": ").append(size(image)).append(", \"image_archive_bytes\": ")
                .append(archives(image)).append(", \"java_base_image_bytes\": ").append(size(baseImage))
                .append(", \"java_base_archive_bytes\": ").append(Files.size(baseArchive)).append(", \"jlink_options\": \"")
                .append(String.join(" ", jlinkArgs(jlinkOptions)).replace("\\", "\\\\").replace("\"", "\\\""))
                .append("\",\n \"classes\": {");
        String sep = "";
        for (Map.Entry<String, String> e : loads.entrySet()) {
            json.append(sep).append("\n  \"").append(e.getKey()).append("\": ").append(e.getValue());
            sep = ",";
        }
        json.append("}}");
        Files.writeString(out, json + "\n");
        System.out.println(json);
    }

    /**
     * One warm-up round, then {@code runs} rounds of every case, each round in another order: the median
     * wall time of each ({@code <case>_ms}) and its median CPU time ({@code <case>_cpu_ms}, user + system,
     * which waiting for a core on a loaded machine does not inflate).
     */
    private static Map<String, Double> alternatingMedians(List<Case> cases, int runs, Path cpuFile) throws Exception {
        for (Case c : cases) {
            timed(c, cpuFile);
        }
        Map<String, double[]> times = new LinkedHashMap<>();
        cases.forEach(c -> {
            times.put(c.name() + "_ms", new double[runs]);
            times.put(c.name() + "_cpu_ms", new double[runs]);
        });
        for (int round = 0; round < runs; round++) {
            for (int i = 0; i < cases.size(); i++) {
                Case c = cases.get((i + round) % cases.size());
                double[] wallCpu = timed(c, cpuFile);
                times.get(c.name() + "_ms")[round] = wallCpu[0];
                times.get(c.name() + "_cpu_ms")[round] = wallCpu[1];
            }
        }
        Map<String, Double> medians = new LinkedHashMap<>();
        times.forEach((name, ms) -> {
            Arrays.sort(ms);
            double median = runs % 2 == 1 ? ms[runs / 2] : (ms[runs / 2 - 1] + ms[runs / 2]) / 2;
            if (!Double.isNaN(median)) {
                medians.put(name, Math.round(median * 10) / 10.0);
            }
        });
        return medians;
    }

    /** The wall time and, where {@code /usr/bin/time} is there, the CPU time (user + system) of one run. */
    private static double[] timed(Case c, Path cpuFile) throws Exception {
        if (c.freshFolder() != null && Files.exists(c.freshFolder())) {
            delete(c.freshFolder());
        }
        List<String> command = c.command();
        if (Files.isExecutable(GNU_TIME)) {
            // the wall time then includes one exec of time(1): every case alike, a millisecond or so
            command = new ArrayList<>(List.of(GNU_TIME.toString(), "-f", "%U %S", "-o", cpuFile.toString()));
            command.addAll(c.command());
        }
        long t0 = System.nanoTime();
        run(command, c.env());
        double wall = (System.nanoTime() - t0) / 1e6;
        if (!Files.isExecutable(GNU_TIME)) {
            return new double[] {wall, Double.NaN};
        }
        String[] userSys = Files.readString(cpuFile).strip().split("\\s+");
        return new double[] {wall, (Double.parseDouble(userSys[0]) + Double.parseDouble(userSys[1])) * 1000};
    }

    /**
     * Where start-up goes, from one run with {@code -Xlog:class+load}: classes by where they were
     * loaded from (a CDS archive or AOT cache, the modules image, generated at run time, the class
     * path), and by who they belong to.
     */
    private static String classLoads(Case c, Path log) throws Exception {
        if (c.freshFolder() != null && Files.exists(c.freshFolder())) {
            delete(c.freshFolder());
        }
        Map<String, String> logging = new HashMap<>(c.env());
        logging.put("JDK_JAVA_OPTIONS", "-Xlog:class+load=info:file=" + log);
        run(c.command(), logging);
        List<String> lines = Files.readAllLines(log).stream().filter(l -> l.contains(" source: ")).toList();
        Map<String, Long> bySource = new LinkedHashMap<>();
        Map<String, Long> byOwner = new LinkedHashMap<>();
        for (String line : lines) {
            String source = line.substring(line.indexOf(" source: ") + 9);
            String name = line.substring(line.indexOf("] ", line.indexOf("class,load")) + 2, line.indexOf(" source: "));
            bySource.merge(source.contains("shared objects file") ? "archive"
                    : source.startsWith("jrt:/") ? "modules image"
                    : source.startsWith("file:") ? "class path" : "generated", 1L, Long::sum);
            byOwner.merge(owner(name), 1L, Long::sum);
        }
        return "{\"total\": " + lines.size() + ", \"by_source\": " + object(bySource) + ", \"by_owner\": "
                + object(byOwner) + "}";
    }

    /** Who a loaded class belongs to, for the breakdown: the libraries and JDK parts that cost start-up. */
    private static String owner(String className) {
        if (className.contains("$$Lambda") || className.contains("LambdaForm$") || className.contains("/0x")
                || className.startsWith("java.lang.invoke.BoundMethodHandle$Species")) {
            return "lambdas, method handles";
        }
        String[][] owners = {
            {"io.github.inatauth.bench.", "the trivial main"},
            {"picocli.", "picocli"},
            {"org.bouncycastle.", "Bouncy Castle"},
            {"io.github.inatauth.", "inat-auth"},
            {"jakarta.json.", "JSON-P (jakarta.json, Parsson)"},
            {"org.eclipse.parsson.", "JSON-P (jakarta.json, Parsson)"},
            {"java.util.logging.", "java.logging"},
            {"sun.util.logging.", "java.logging"},
            {"sun.security.ssl.", "JDK TLS"},
            {"java.net.http.", "java.net.http"},
            {"jdk.internal.net.http.", "java.net.http"},
            {"org.freedesktop.dbus.", "dbus-java"},
            {"org.slf4j.", "slf4j"},
        };
        for (String[] o : owners) {
            if (className.startsWith(o[0])) {
                return o[1];
            }
        }
        return "other JDK";
    }

    private static String object(Map<String, Long> counts) {
        StringBuilder b = new StringBuilder("{");
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).forEach(e -> {
            if (b.length() > 1) {
                b.append(", ");
            }
            b.append('"').append(e.getKey()).append("\": ").append(e.getValue());
        });
        return b.append('}').toString();
    }

    private static Map<String, String> storeEnv(Path home) {
        Map<String, String> env = BenchSetup.testkitEnvironment();
        env.put(Setting.HOME.displayName(), home.toString());
        env.put(Setting.STORE.displayName(), "file");
        env.put(Setting.SOURCES.displayName(), "env");
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

    /** The CLI image's size options, from the argument file its build gave jlink, and java.base alone. */
    private static void jlinkJavaBase(ToolProvider jlink, Path options, Path output) throws IOException {
        StringWriter log = new StringWriter();
        List<String> args = new ArrayList<>(jlinkArgs(options));
        args.addAll(List.of("--add-modules", "java.base", "--output", output.toString()));
        int exit = jlink.run(new PrintWriter(log), new PrintWriter(log), args.toArray(String[]::new));
        if (exit != 0) {
            throw new IllegalStateException("jlink failed: " + log);
        }
    }

    /** The arguments of a jlink argument file: one a line, as the CLI's build writes it. */
    private static List<String> jlinkArgs(Path options) throws IOException {
        return Files.readAllLines(options).stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    private static long size(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    /** The image's class-data archive and AOT cache: lib/server/*.jsa and *.aot. */
    private static long archives(Path image) throws IOException {
        try (Stream<Path> files = Files.list(image.resolve("lib/server"))) {
            return files.filter(f -> f.toString().endsWith(".jsa") || f.toString().endsWith(".aot"))
                    .mapToLong(f -> f.toFile().length()).sum();
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
