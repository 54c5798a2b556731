package io.github.inatauth.bench;

import io.github.inatauth.internal.shared.JwtClaims;
import io.github.inatauth.InatAuth;
import io.github.inatauth.testkit.InatTestServer;
import io.github.inatauth.testkit.InatTestServer.Endpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Across a refresh: many threads call {@code accessToken()} without pause while the cached JWT goes
 * from fresh to stale, again and again, and the server takes 200 ms per request. Every call's
 * latency is recorded. The JWT lives a few seconds, so refresh windows arrive inside the run.
 *
 * <p>With more threads than cores, a thread is sometimes descheduled in the middle of a call, and
 * that call's latency includes the wait for a core. To tell that apart from waiting for the
 * network, the same threads first run a baseline (a volatile read) under the same conditions, and
 * slow calls that returned a new token (the only ones that can have waited for a refresh) are
 * counted separately.
 *
 * <p>The sharp test of "no caller waits for the network" is when each new token was first returned,
 * against the old token's wait deadline ({@code exp - min(30 s, life / 10)}, docs/architecture.md, "The token cache"):
 * callers wait only for a token past that deadline, so a new token in use before it means no call
 * could have waited. The first return is seen by the callers themselves, so it is if anything late.
 *
 * <p>Arguments: {@code threads seconds jwtLifetimeSeconds serverDelayMillis resultFile}.
 */
public final class RefreshUnderLoad {
    private static final long SLOW_NANOS = 100_000_000;

    private RefreshUnderLoad() {
    }

    private static volatile String baselineField = "baseline";
    /** When each token value was first returned to a caller (nanoTime). */
    private static final Map<String, Long> FIRST_SEEN = new ConcurrentHashMap<>();

    /** What the callers of one phase recorded. */
    private record Phase(LatencyRecorder latencies, long slowWithNewToken) {
    }

    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(args[0]);
        Duration run = Duration.ofSeconds(Long.parseLong(args[1]));
        Duration lifetime = Duration.ofSeconds(Long.parseLong(args[2]));
        Duration delay = Duration.ofMillis(Long.parseLong(args[3]));
        Path out = Path.of(args[4]);

        try (InatTestServer server = InatTestServer.builder().jwtLifetime(lifetime).start();
             InatAuth auth = BenchSetup.forServer(server, BenchSetup.testkitEnvironment(), "memory")) {
            Phase baseline = callAll(threads, run.dividedBy(2), () -> baselineField);

            FIRST_SEEN.clear(); // the baseline's value is no token
            FIRST_SEEN.put(auth.accessToken(), System.nanoTime()); // the first token; the run measures the warm and refresh phases only
            server.reset();
            server.delayAll(Endpoint.ANY, delay);
            Phase token = callAll(threads, run, auth::accessToken);

            String json = "{\"threads\": " + threads + ", \"seconds\": " + run.toSeconds()
                    + ", \"jwt_lifetime_s\": " + lifetime.toSeconds() + ", \"server_delay_ms\": " + delay.toMillis()
                   
                    + ", \"jwt_requests\": " + server.jwtCount() + ", \"grants\": " + server.grantCount()
                    + ",\n \"refreshes\": " + refreshesJson()
                    + ",\n \"token\": {" + phaseJson(token) + "}"
                    + ",\n \"baseline\": {" + phaseJson(baseline) + "}}";
            Files.writeString(out, json + "\n");
            System.out.println(json);
        }
    }

    /**
     * For each token after the first: how long after the old token's stale deadline it was first
     * returned, and how long before the old token's wait deadline.
     */
    private static String refreshesJson() {
        long nanosToEpochNanos = System.currentTimeMillis() * 1_000_000 - System.nanoTime();
        List<Map.Entry<String, Long>> seen = new ArrayList<>(FIRST_SEEN.entrySet());
        seen.sort(Map.Entry.comparingByValue());
        StringBuilder json = new StringBuilder("[");
        for (int i = 1; i < seen.size(); i++) {
            String old = seen.get(i - 1).getKey();
            long oldSeen = seen.get(i - 1).getValue() + nanosToEpochNanos;
            long newSeen = seen.get(i).getValue() + nanosToEpochNanos;
            long exp = JwtClaims.expiry(old).orElseThrow().getEpochSecond() * 1_000_000_000;
            long life = exp - oldSeen; // the cache's obtainedAt is a little earlier: a slightly longer life
            long staleAt = exp - Math.min(Duration.ofMinutes(5).toNanos(), life / 4);
            long waitAt = exp - Math.min(Duration.ofSeconds(30).toNanos(), life / 10);
            json.append(i > 1 ? ", " : "").append("{\"new_token_after_stale_ms\": ").append((newSeen - staleAt) / 1_000_000)
                    .append(", \"new_token_before_wait_deadline_ms\": ").append((waitAt - newSeen) / 1_000_000).append('}');
        }
        return json.append(']').toString();
    }

    private static String phaseJson(Phase p) {
        return p.latencies.json() + ", \"calls_over_1ms\": " + p.latencies.countAtLeast(1_000_000)
                + ", \"calls_over_100ms\": " + p.latencies.countAtLeast(SLOW_NANOS)
                + ", \"slow_calls_with_new_token\": " + p.slowWithNewToken;
    }

    private static Phase callAll(int threads, Duration run, Supplier<String> call) throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch start = new CountDownLatch(1);
        List<LatencyRecorder> recorders = new ArrayList<>();
        long[] slowNew = new long[threads];
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            LatencyRecorder r = new LatencyRecorder();
            recorders.add(r);
            int n = i;
            Thread t = new Thread(() -> slowNew[n] = callUntil(call, r, start, stop), "caller-" + i);
            workers.add(t);
            t.start();
        }
        start.countDown();
        Thread.sleep(run.toMillis());
        stop.set(true);
        for (Thread t : workers) {
            t.join();
        }
        LatencyRecorder all = new LatencyRecorder();
        recorders.forEach(all::add);
        long slow = 0;
        for (long s : slowNew) {
            slow += s;
        }
        return new Phase(all, slow);
    }

    /** Calls until told to stop; returns how many slow calls returned a token other than the one before. */
    private static long callUntil(Supplier<String> call, LatencyRecorder r, CountDownLatch start, AtomicBoolean stop) {
        try {
            start.await();
        } catch (InterruptedException e) {
            return 0;
        }
        String last = null;
        long slowNew = 0;
        while (!stop.get()) {
            long t0 = System.nanoTime();
            String token = call.get();
            long took = System.nanoTime() - t0;
            r.record(took);
            if (token != last) { // identity: a new token is a new String
                FIRST_SEEN.putIfAbsent(token, t0 + took);
                if (took >= SLOW_NANOS && last != null) {
                    slowNew++;
                }
                last = token;
            }
        }
        return slowNew;
    }
}
