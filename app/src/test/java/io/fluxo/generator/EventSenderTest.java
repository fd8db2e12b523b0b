package io.fluxo.generator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxo.generator.EventSender.Failure;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

class EventSenderTest {
    private static final BooleanSupplier SILENT = () -> false;
    private static final BooleanSupplier ANSWERS = () -> true;
    private static final TopicPartition T2 = new TopicPartition("t", 2);
    private static final TimeoutException EXPIRED = new TimeoutException(
            "Expiring 12 record(s) for t-2:60012 ms has passed since batch creation");

    @Test
    void producerIsIdempotentWhateverThePassThroughSays() {
        Map<String, Object> props = EventSender.producerProperties(Map.of("bootstrap.servers", "broker:9092",
                "acks", "1", "enable.idempotence", "false", "linger.ms", "20", "security.protocol", "SASL_SSL"));
        assertThat(props).containsEntry("enable.idempotence", true).containsEntry("acks", "all")
                .containsEntry("linger.ms", "20").containsEntry("compression.type", "lz4")
                .containsEntry("max.block.ms", 10_000).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("bootstrap.servers", "broker:9092");
    }

    @Test
    void unreachableKafkaIsOneLineNamingTheBroker() {
        assertThat(EventSender.failure("localhost:9092", new Failure(
                new TimeoutException("Topic x not present in metadata after 10000 ms."), null, false), SILENT))
                .hasMessage("Cannot produce to Kafka at localhost:9092: no broker answered within 10 s"
                        + " (is the stack up? ./fluxo stack up)");
        assertThat(EventSender.failure("h:1", new Failure(new ConnectException("Connection refused."), null, false), SILENT))
                .hasMessage("Cannot produce to Kafka at h:1: Connection refused (is the stack up? ./fluxo stack up)");
        assertThat(EventSender.failure("h:1", new Failure(EXPIRED, T2, false), SILENT))
                .hasMessage("Cannot produce to Kafka at h:1: no broker acknowledged partition t-2 within 60 s"
                        + " (delivery.timeout.ms) (is the stack up? ./fluxo stack up)");
    }

    @Test
    void aBatchExpiredAfterLaterRecordsOfItsPartitionWereWrittenWasRefusedForItsSequence() {
        AtomicInteger probes = new AtomicInteger();
        BooleanSupplier probe = () -> probes.incrementAndGet() > 0;

        assertThat(EventSender.failure("localhost:9092", new Failure(EXPIRED, T2, true), probe))
                .hasMessage("Cannot produce to Kafka at localhost:9092: partition t-2 refused the producer's sequence"
                        + " (OutOfOrderSequenceException): records sent to it later were written, earlier ones were not"
                        + " (a send raced the partition's creation or its broker's restart, KAFKA-15591)")
                .hasCause(EXPIRED);
        assertThat(probes).hasValue(0);
    }

    @Test
    void aSequenceErrorNamesItsPartitionAndNeverTheStack() {
        assertThat(EventSender.failure("h:1", new Failure(new OutOfOrderSequenceException("Out of order sequence"
                + " number for producer 1 at offset 84 in partition t-2: 0 (incoming seq. number), 84 (current end"
                + " sequence number)"), T2, false), SILENT))
                .hasMessage("Cannot produce to Kafka at h:1: partition t-2 refused the producer's sequence"
                        + " (OutOfOrderSequenceException): Out of order sequence number for producer 1 at offset 84 in"
                        + " partition t-2: 0 (incoming seq. number), 84 (current end sequence number)");
    }

    @Test
    void aTimeoutWhileTheBrokerAnswersIsNotCalledUnreachable() {
        assertThat(EventSender.failure("h:1", new Failure(EXPIRED, T2, false), ANSWERS))
                .hasMessage("Cannot produce to Kafka at h:1: partition t-2 did not acknowledge records within 60 s"
                        + " (delivery.timeout.ms) though the broker answers: Expiring 12 record(s) for t-2:60012 ms has"
                        + " passed since batch creation");
        assertThat(EventSender.failure("h:1", new Failure(
                new TimeoutException("Topic x not present in metadata after 10000 ms."), null, false), ANSWERS))
                .hasMessage("Cannot produce to Kafka at h:1: Topic x not present in metadata after 10000 ms");
    }

    @Test
    void anotherRefusalKeepsTheBrokersMessageEvenWhenLaterRecordsWereWritten() {
        assertThat(EventSender.failure("h:1", new Failure(new RecordTooLargeException("The message is 2000000 bytes"
                + " when serialized which is larger than 1048576."), T2, true), ANSWERS))
                .hasMessage("Cannot produce to Kafka at h:1: partition t-2: The message is 2000000 bytes when serialized"
                        + " which is larger than 1048576");
    }

    @Test
    void noBrokerAnswersOnAClosedPort() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        assertThat(EventSender.brokerAnswers(Map.of("bootstrap.servers", "localhost:" + port))).isFalse();
    }
}
