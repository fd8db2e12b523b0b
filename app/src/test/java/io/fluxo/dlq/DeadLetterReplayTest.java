package io.fluxo.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** What one replay transaction holds: the raw records back to their topics, and their bookkeeping. */
class DeadLetterReplayTest {
    @Test
    void aTransactionSendsTheRawKeyAndValueBackAndRecordsEachLetter() {
        byte[] binary = {(byte) 0xC3, (byte) 0x28, 0x00, (byte) 0xFF};
        StoredLetter a = new StoredLetter("INVALID_AMOUNT", "ag", 1, 7, "r-1".getBytes(StandardCharsets.UTF_8),
                "{\"valor_original\":0.001}".getBytes(StandardCharsets.UTF_8), "aa", false, false, Instant.EPOCH);
        StoredLetter b = new StoredLetter("NOT_JSON", "ag", 0, 2, null, binary, "bb", false, false, Instant.EPOCH);
        List<ProducerRecord<byte[], byte[]>> records = DeadLetterReplay.records(List.of(a, b), "x.dlq.replayed",
                Instant.parse("2026-03-01T12:00:00Z"));
        assertThat(records).hasSize(4);
        assertThat(records.get(0).topic()).isEqualTo("ag");
        assertThat(records.get(0).partition()).isNull();
        assertThat(new String(records.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("r-1");
        assertThat(new String(records.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("{\"valor_original\":0.001}");
        assertThat(new String(records.get(0).headers().lastHeader("fluxo-replay-of").value(), StandardCharsets.UTF_8))
                .isEqualTo("ag/1/7");
        assertThat(records.get(1).key()).isNull();
        assertThat(records.get(1).value()).isEqualTo(binary);
        assertThat(records.get(2).topic()).isEqualTo("x.dlq.replayed");
        assertThat(new String(records.get(2).key(), StandardCharsets.UTF_8)).isEqualTo("ag/1/7#aa");
        assertThat(new String(records.get(2).value(), StandardCharsets.UTF_8)).isEqualTo("{\"source_id\":\"ag/1/7\","
                + "\"value_sha256\":\"aa\",\"reason\":\"INVALID_AMOUNT\",\"replayed_at\":\"2026-03-01T12:00:00Z\"}");
        assertThat(new String(records.get(3).key(), StandardCharsets.UTF_8)).isEqualTo("ag/0/2#bb");
    }

    @Test
    void everyReplayOfADlqTopicSharesOneTransactionalIdAndOneBookkeepingTopic() {
        assertThat(DeadLetterReplay.transactionalId("receivables", "receivables.dlq"))
                .isEqualTo("fluxo.receivables.replay.receivables.dlq");
        assertThat(DeadLetterReplay.replayedTopic("receivables.dlq")).isEqualTo("receivables.dlq.replayed");
    }
}
