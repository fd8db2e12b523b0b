package io.fluxo.sink.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

class KafkaFencedSinkRetryTest {

    @Test
    void leaderMovesAndTimeOutsAreRetried() {
        assertThat(KafkaFencedSink.isTransient(new NotLeaderOrFollowerException("moved"))).isTrue();
        assertThat(KafkaFencedSink.isTransient(new TimeoutException("Timeout expired after 30000ms"))).isTrue();
    }

    @Test
    void aRecordTooLargeOrAFencedProducerIsNot() {
        assertThat(KafkaFencedSink.isTransient(new RecordTooLargeException("too large"))).isFalse();
        assertThat(KafkaFencedSink.isTransient(new ProducerFencedException("another writer took over"))).isFalse();
    }
}
