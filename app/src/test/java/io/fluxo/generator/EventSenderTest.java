package io.fluxo.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.util.Map;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

class EventSenderTest {
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
        assertThat(EventSender.unreachable("localhost:9092", new TimeoutException("Topic x not present in metadata after 10000 ms.")))
                .hasMessage("Cannot produce to Kafka at localhost:9092: no broker answered within 10 s (is the stack up? ./fluxo stack up)");
        assertThat(EventSender.unreachable("h:1", new ConnectException("Connection refused.")))
                .hasMessage("Cannot produce to Kafka at h:1: Connection refused (is the stack up? ./fluxo stack up)");
    }
}
