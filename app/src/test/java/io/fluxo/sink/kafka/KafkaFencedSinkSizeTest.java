package io.fluxo.sink.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaFencedSinkSizeTest {

    @Test
    void aRecordIsSizedAsTheProducerSizesIt() {
        // Batch overhead 61 + record overhead 21 + key (varint 1 + 1) + value (varint 2 + 1000) + header count 1.
        assertThat(KafkaFencedSink.recordSize(new KafkaFencedSink.Record("t", "k", "v".repeat(1000)))).isEqualTo(1087);
        // No key: a null varint of 1 byte. "é" is 2 bytes in UTF-8: 64 × 2 = 128 bytes, a 2-byte varint.
        assertThat(KafkaFencedSink.recordSize(new KafkaFencedSink.Record("t", null, "é".repeat(64)))).isEqualTo(214);
    }

    @Test
    void aRecordOverTheLimitIsFoundBeforeAnythingIsSentWithTopicAndSizes() {
        KafkaFencedSink.Record credit = new KafkaFencedSink.Record("transactions.ledger", "k", "v".repeat(1000));

        assertThat(KafkaFencedSink.checkSize(credit, 1087)).isEmpty();
        assertThat(KafkaFencedSink.checkSize(credit, 1086)).contains(new KafkaFencedSink.Refused(credit, 1087, 1086,
                "Cannot write to Kafka topic transactions.ledger: a record of 1087 bytes (key k) is over the limit of 1086"
                        + " bytes (max.request.size, or the topic's max.message.bytes)"));
    }

    @Test
    void maxRequestSizeIsTheProducersDefaultUnlessSet() {
        assertThat(KafkaFencedSink.maxRequestSize(Map.of())).isEqualTo(1_048_576);
        assertThat(KafkaFencedSink.maxRequestSize(Map.of("max.request.size", "2097152"))).isEqualTo(2_097_152);
        // The largest value that fits the default: 1,048,576 − 61 − 21 − 1 (no key) − 3 (varint) − 1 (headers).
        assertThat(KafkaFencedSink.recordSize(new KafkaFencedSink.Record("t", null, "x".repeat(1_048_489))))
                .isEqualTo(1_048_576);
    }
}
