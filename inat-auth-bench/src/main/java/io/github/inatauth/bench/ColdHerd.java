package io.github.inatauth.bench;

import io.github.inatauth.InatAuth;
import io.github.inatauth.spi.Setting;
import io.github.inatauth.testkit.InatTestServer;
import io.github.inatauth.testkit.InatTestServer.Endpoint;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The cold herd: many threads ask for a token at the same moment on an empty cache, and the test
 * server (answering after 200 ms) counts the requests that reach it. Target: one grant, one JWT.
 *
 * <p>{@code threads N resultFile}: one process, N threads, one {@code InatAuth}.<br>
 * {@code processes P N resultFile}: P processes sharing one file store (key file), N threads in all.<br>
 * {@code child baseUrl threads}: one of those processes (started by the one above; not for people).
 */
public final class ColdHerd {
    private static final Duration SERVER_DELAY = Duration.ofMillis(200);

    private ColdHerd() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "threads" -> inOneProcess(Integer.parseInt(args[1]), Path.of(args[2]));
            case "processes" -> acrossProcesses(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Path.of(args[3]));
            case "child" -> child(args[1], Integer.parseInt(args[2]));
            default -> throw new IllegalArgumentException("threads | processes | child");
        }
    }

    private static void inOneProcess(int threads, Path out) throws Exception {
        try (InatTestServer server = InatTestServer.start();
             InatAuth auth = BenchSetup.forServer(server, BenchSetup.testkitEnvironment(), "none")) {
            server.delayAll(Endpoint.ANY, SERVER_DELAY);
            Herd herd = Herd.run(auth, threads);
            write(out, "{\"processes\": 1, \"threads\": " + threads + ", " + herd.json()
                    + ", \"grants\": " + server.grantCount() + ", \"jwt_requests\": " + server.jwtCount() + "}");
        }
    }

    private static void acrossProcesses(int processes, int threads, Path out) throws Exception {
        Path home = Files.createTempDirectory("inat-bench-herd");
        Path keyFile = home.resolve("key");
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Files.write(keyFile, key);
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
        Path store = home.resolve("store");

        try (InatTestServer server = InatTestServer.start()) {
            server.delayAll(Endpoint.ANY, SERVER_DELAY);
            List<Process> children = new ArrayList<>();
            List<BufferedReader> outputs = new ArrayList<>();
            for (int p = 0; p < processes; p++) {
                ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp", System.getProperty("java.class.path"), ColdHerd.class.getName(), "child",
                        server.baseUrl().toString(), Integer.toString(threads / processes));
                Map<String, String> env = pb.environment();
                env.putAll(BenchSetup.testkitEnvironment());
                env.put(Setting.HOME.displayName(), store.toString());
                env.put(Setting.KEY_FILE.displayName(), keyFile.toString());
                env.remove(Setting.PASSPHRASE.displayName());
                pb.redirectError(ProcessBuilder.Redirect.INHERIT);
                Process child = pb.start();
                children.add(child);
                outputs.add(new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8)));
            }
            for (BufferedReader r : outputs) {
                expect(r.readLine(), "ready");
            }
            for (Process child : children) { // every process is set up and its threads wait: release them all
                OutputStream go = child.getOutputStream();
                go.write('\n');
                go.flush();
            }
            long failed = 0;
            long maxMillis = 0;
            Set<String> tokens = new HashSet<>();
            for (int p = 0; p < processes; p++) {
                String[] result = outputs.get(p).readLine().split(" ");
                failed += Long.parseLong(result[0]);
                maxMillis = Math.max(maxMillis, Long.parseLong(result[1]));
                tokens.add(result[2]);
                children.get(p).waitFor();
            }
            write(out, "{\"processes\": " + processes + ", \"threads\": " + threads + ", \"failed\": " + failed
                    + ", \"distinct_tokens\": " + tokens.size() + ", \"max_ms\": " + maxMillis
                    + ", \"grants\": " + server.grantCount() + ", \"jwt_requests\": " + server.jwtCount() + "}");
        } finally {
            try (var files = Files.walk(home)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** One process of the herd: set up, say ready, wait for the go, then print "failed maxMillis tokenHash". */
    private static void child(String baseUrl, int threads) throws Exception {
        Map<String, String> env = System.getenv();
        try (InatAuth auth = InatAuth.builder().baseUrl(baseUrl).environment(env::get).sources("env").store("file")
                .build()) {
            Herd herd = Herd.prepare(auth, threads);
            System.out.println("ready");
            System.out.flush();
            if (System.in.read() < 0) {
                return;
            }
            herd.release();
            System.out.println(herd.failed() + " " + herd.maxMillis() + " " + herd.tokenHash());
        }
    }

    private static void expect(String line, String expected) throws IOException {
        if (!expected.equals(line)) {
            throw new IOException("a herd process said '" + line + "' instead of '" + expected + "'");
        }
    }

    private static void write(Path out, String json) throws IOException {
        Files.writeString(out, json + "\n");
        System.out.println(json);
    }

    /** Threads that wait at a gate, call {@code accessToken()} once when it opens, and record what they got. */
    private static final class Herd {
        private final CountDownLatch gate = new CountDownLatch(1);
        private final List<Thread> threads = new ArrayList<>();
        private final Set<String> tokens = ConcurrentHashMap.newKeySet();
        private final AtomicInteger failed = new AtomicInteger();
        private final long[] nanos;

        private Herd(InatAuth auth, int count) {
            nanos = new long[count];
            CountDownLatch ready = new CountDownLatch(count);
            for (int i = 0; i < count; i++) {
                int n = i;
                Thread t = new Thread(() -> {
                    ready.countDown();
                    try {
                        gate.await();
                        long t0 = System.nanoTime();
                        tokens.add(auth.accessToken());
                        nanos[n] = System.nanoTime() - t0;
                    } catch (RuntimeException | InterruptedException e) {
                        failed.incrementAndGet();
                    }
                }, "herd-" + i);
                threads.add(t);
                t.start();
            }
            try {
                ready.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        static Herd prepare(InatAuth auth, int count) {
            return new Herd(auth, count);
        }

        static Herd run(InatAuth auth, int count) throws InterruptedException {
            Herd h = new Herd(auth, count);
            h.release();
            return h;
        }

        void release() throws InterruptedException {
            gate.countDown();
            for (Thread t : threads) {
                t.join();
            }
        }

        int failed() {
            return failed.get();
        }

        long maxMillis() {
            long max = 0;
            for (long n : nanos) {
                max = Math.max(max, n);
            }
            return max / 1_000_000;
        }

        /** Which token the process got, without printing it: equal hashes mean one token. */
        String tokenHash() {
            return tokens.size() == 1 ? Integer.toHexString(tokens.iterator().next().hashCode()) : "several:" + tokens.size();
        }

        String json() {
            return "\"failed\": " + failed() + ", \"distinct_tokens\": " + tokens.size() + ", \"max_ms\": " + maxMillis();
        }
    }
}
