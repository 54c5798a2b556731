package io.github.inatauth.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LatencyRecorderTest {

    @Test
    void quantile_uniformValues_withinBucketPrecision() {
        LatencyRecorder r = new LatencyRecorder();
        for (long v = 1; v <= 1_000_000; v++) {
            r.record(v);
        }
        assertThat((double) r.quantile(0.50)).isCloseTo(500_000, within(500_000 * 0.032));
        assertThat((double) r.quantile(0.99)).isCloseTo(990_000, within(990_000 * 0.032));
        assertThat((double) r.quantile(0.999)).isCloseTo(999_000, within(999_000 * 0.032));
        assertThat(r.max()).isEqualTo(1_000_000);
        assertThat(r.count()).isEqualTo(1_000_000);
    }

    @Test
    void quantile_smallValues_exact() {
        LatencyRecorder r = new LatencyRecorder();
        for (int i = 0; i < 10; i++) {
            r.record(i);
        }
        assertThat(r.quantile(0.5)).isEqualTo(4);
        assertThat(r.quantile(1.0)).isEqualTo(9);
    }

    @Test
    void add_mergesCountsAndMax() {
        LatencyRecorder a = new LatencyRecorder();
        LatencyRecorder b = new LatencyRecorder();
        a.record(100);
        b.record(5_000_000_000L);
        a.add(b);
        assertThat(a.count()).isEqualTo(2);
        assertThat(a.max()).isEqualTo(5_000_000_000L);
        assertThat(a.countAtLeast(1_000_000)).isEqualTo(1);
    }
}
