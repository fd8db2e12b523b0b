package io.fluxo.pipeline.transactions;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxo.bench.KafkaSendTimes.RecordKey;
import io.fluxo.bench.LatencySummary;
import io.fluxo.pipeline.transactions.TransactionsFreshnessProbe.Latencies;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TransactionsFreshnessProbeTest {
    @Test
    void freshnessIsSeenMinusSentForTheRecordsSentFromTheStartOfTheMeasurement() {
        Map<RecordKey, Long> sent = Map.of(
                new RecordKey(0, 0), 900L,    // warm-up: before the measurement, left out even though seen
                new RecordKey(0, 1), 1_000L,
                new RecordKey(1, 0), 1_200L,
                new RecordKey(1, 1), 1_500L,  // never seen: missing
                new RecordKey(2, 7), 2_000L);
        Map<RecordKey, Long> seen = Map.of(
                new RecordKey(0, 0), 5_000L,
                new RecordKey(0, 1), 6_000L,
                new RecordKey(1, 0), 6_000L,
                new RecordKey(2, 7), 6_400L,
                new RecordKey(3, 3), 6_400L); // a row of another record (e.g. of a warm-up not read back): ignored
        Latencies l = TransactionsFreshnessProbe.latencies(sent, seen, 1_000L);
        assertThat(l.expected()).isEqualTo(4);
        assertThat(l.missing()).isEqualTo(1);
        assertThat(l.millis()).containsExactlyInAnyOrder(5_000L, 4_800L, 4_400L);
        LatencySummary summary = LatencySummary.of(l.millis());
        assertThat(summary.p50()).isEqualTo(4_800L);
        assertThat(summary.max()).isEqualTo(5_000L);
    }

    @Test
    void nothingSentNothingExpected() {
        Latencies l = TransactionsFreshnessProbe.latencies(Map.of(), Map.of(new RecordKey(0, 0), 1L), 0L);
        assertThat(l.expected()).isZero();
        assertThat(l.missing()).isZero();
        assertThat(l.millis()).isEmpty();
    }
}
