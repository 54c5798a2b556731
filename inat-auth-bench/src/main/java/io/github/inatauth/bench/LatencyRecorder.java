package io.github.inatauth.bench;

/**
 * Call latencies in log-linear buckets (32 per power of two: under 3.2% error above 32 ns, exact
 * below), plus the exact maximum. One per thread, merged at the end; no allocation while recording.
 */
final class LatencyRecorder {
    private static final int SUB_BITS = 5;
    private static final int SUB = 1 << SUB_BITS;

    private final long[] counts = new long[64 * SUB];
    private long total;
    private long max;

    void record(long nanos) {
        long v = Math.max(0, nanos);
        counts[index(v)]++;
        total++;
        if (v > max) {
            max = v;
        }
    }

    void add(LatencyRecorder other) {
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
        max = Math.max(max, other.max);
    }

    long count() {
        return total;
    }

    long max() {
        return max;
    }

    /** How many calls took at least {@code nanos} (to bucket precision). */
    long countAtLeast(long nanos) {
        long n = 0;
        for (int i = index(nanos); i < counts.length; i++) {
            n += counts[i];
        }
        return n;
    }

    /** The latency at quantile {@code q} (0..1): the upper bound of the bucket holding it, never above the max. */
    long quantile(double q) {
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= Math.max(1, rank)) {
                return Math.min(upperBound(i), max);
            }
        }
        return max;
    }

    private static int index(long v) {
        if (v < SUB) {
            return (int) v;
        }
        int exp = 63 - Long.numberOfLeadingZeros(v);
        int sub = (int) ((v >>> (exp - SUB_BITS)) & (SUB - 1));
        return (exp - SUB_BITS + 1) * SUB + sub;
    }

    private static long upperBound(int index) {
        if (index < SUB) {
            return index;
        }
        int exp = index / SUB + SUB_BITS - 1;
        int sub = index % SUB;
        return ((long) (SUB + sub + 1) << (exp - SUB_BITS)) - 1;
    }

    /** p50, p99, p99.9, max and count as JSON members (nanoseconds). */
    String json() {
        return "\"count\": " + total + ", \"p50_ns\": " + quantile(0.50) + ", \"p99_ns\": " + quantile(0.99)
                + ", \"p999_ns\": " + quantile(0.999) + ", \"max_ns\": " + max;
    }
}
