package io.github.inatauth.bench;

import io.github.inatauth.InatAuth;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The warm path: {@code accessToken()} while a fresh JWT is cached, beside what it is compared with
 * in the same run: one volatile read (the floor) and one clock read (what the warm path avoids).
 * Thread count comes from the command line ({@code -t 1}, {@code -t 8}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class WarmPathBenchmark {

    private InatAuth auth;
    private InatAuth checked;
    private volatile String cached;
    private final Clock clock = Clock.systemUTC();

    @Setup(Level.Trial)
    public void warmUp() {
        auth = BenchSetup.inMemory(new FixedIssuer(Duration.ofHours(24)));
        cached = auth.accessToken(); // fetched once; every measured call is a cache hit
        // with an injected clock nothing is trusted without a clock read: every call takes the path
        // that callers take from the stale deadline on (read the clock, judge the phase). The clock must
        // not equal Clock.systemUTC(): the engine treats that one as no injected clock at all.
        checked = BenchSetup.inMemory(new FixedIssuer(Duration.ofHours(24)),
                Clock.offset(Clock.systemUTC(), Duration.ofNanos(1)));
        checked.accessToken();
    }

    @TearDown(Level.Trial)
    public void close() {
        auth.close();
        checked.close();
    }

    @Benchmark
    public String accessToken() {
        return auth.accessToken();
    }

    /** The path without the timer's "fast" mark: what every call costs in the stale window. */
    @Benchmark
    public String accessTokenCheckedPath() {
        return checked.accessToken();
    }

    @Benchmark
    public String baselineVolatileRead() {
        return cached;
    }

    @Benchmark
    public Instant baselineClockInstant() {
        return clock.instant();
    }

    @Benchmark
    public long baselineNanoTime() {
        return System.nanoTime();
    }
}
