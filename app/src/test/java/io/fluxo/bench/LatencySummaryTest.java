package io.fluxo.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LatencySummaryTest {
    @Test
    void nearestRankPercentilesOfOneToAHundred() {
        List<Long> values = new ArrayList<>();
        for (long i = 1; i <= 100; i++) {
            values.add(i);
        }
        Collections.shuffle(values, new Random(1));
        LatencySummary s = LatencySummary.of(values);
        assertThat(s.count()).isEqualTo(100);
        assertThat(s.min()).isEqualTo(1);
        assertThat(s.p50()).isEqualTo(50);
        assertThat(s.p95()).isEqualTo(95);
        assertThat(s.p99()).isEqualTo(99);
        assertThat(s.max()).isEqualTo(100);
        assertThat(s.mean()).isEqualTo(50.5);
    }

    @Test
    void percentilesAreObservedValuesNeverInterpolated() {
        long[] tenSamples = {10, 20, 30, 40, 50, 60, 70, 80, 90, 1_000};
        // p95 of 10 samples: rank ceil(9.5) = 10, the slowest one; p50: rank 5.
        assertThat(LatencySummary.percentile(tenSamples, 95)).isEqualTo(1_000);
        assertThat(LatencySummary.percentile(tenSamples, 50)).isEqualTo(50);
        assertThat(LatencySummary.percentile(tenSamples, 90)).isEqualTo(90);
        assertThat(LatencySummary.percentile(tenSamples, 100)).isEqualTo(1_000);
    }

    @Test
    void p99OfAThousandIsTheNineHundredNinetiethSmallest() {
        long[] values = new long[1_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = 1_000 - i;
        }
        LatencySummary s = LatencySummary.of(values);
        assertThat(s.p99()).isEqualTo(990);
        assertThat(s.p95()).isEqualTo(950);
        assertThat(s.p50()).isEqualTo(500);
        assertThat(values[0]).as("the input is not sorted in place").isEqualTo(1_000);
    }

    @Test
    void oneSampleIsEveryPercentile() {
        LatencySummary s = LatencySummary.of(new long[] {1_234});
        assertThat(List.of(s.min(), s.p50(), s.p95(), s.p99(), s.max())).containsOnly(1_234L);
    }

    @Test
    void noSamplesIsAnError() {
        assertThatThrownBy(() -> LatencySummary.of(new long[0])).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot summarise latencies: no samples");
        assertThatThrownBy(() -> LatencySummary.percentile(new long[] {1}, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
