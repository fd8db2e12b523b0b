package io.fluxo.pipeline.commerce;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** products and customers are read at the first batch, then again once commerce.reference-refresh has passed. */
class CommerceReferenceRefreshTest {
    @Test
    void readAtTheFirstBatchThenOnceTheRefreshHasPassed() {
        Duration minute = Duration.ofSeconds(60);
        CommerceReference.Lookup readAt1s = new CommerceReference.Lookup(Map.of("p00001", "books"), Map.of(), 1_000);
        assertThat(CommerceBatchWriter.stale(null, 0, minute)).isTrue();
        assertThat(CommerceBatchWriter.stale(readAt1s, 1_000, minute)).isFalse();
        assertThat(CommerceBatchWriter.stale(readAt1s, 60_999, minute)).isFalse();
        assertThat(CommerceBatchWriter.stale(readAt1s, 61_000, minute)).isTrue();
    }

    @Test
    void anUnknownIdIsNull() {
        CommerceReference.Lookup lookup = new CommerceReference.Lookup(Map.of("p00001", "books"), Map.of("c000001", "vip"), 0);
        assertThat(lookup.category("p00001")).isEqualTo("books");
        assertThat(lookup.category("p99999")).isNull();
        assertThat(lookup.segment("c000001")).isEqualTo("vip");
        assertThat(lookup.segment("ghost")).isNull();
    }
}
