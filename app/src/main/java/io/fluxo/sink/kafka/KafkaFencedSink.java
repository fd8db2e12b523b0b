package io.fluxo.sink.kafka;

import static java.util.Objects.requireNonNull;

import io.fluxo.config.FluxoConfig.KafkaSettings;
import io.fluxo.sink.Sink;
import io.fluxo.sink.SinkException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes a micro-batch's Kafka records (to any topics) exactly once per (query, batch): the records and
 * a fence offset (batch id + 1, committed for the consumer group {@code fluxo.<pipeline>.fence.<query id>}
 * on partition 0 of the fence topic) go in one Kafka transaction, and a batch whose fence is already
 * committed is skipped. A new checkpoint means a new query id and so a new fence. Runs on the driver.
 */
public final class KafkaFencedSink implements Sink<KafkaFencedSink.Record>, AutoCloseable {
    /** One record to write; key may be null. */
    public record Record(String topic, String key, String value) {
        public Record {
            requireNonNull(topic, "topic");
            requireNonNull(value, "value");
        }
    }

    private final KafkaSettings settings;
    private final String fenceTopic;
    private final String fenceGroup;
    private transient KafkaProducer<byte[], byte[]> producer;
    private transient Admin admin;

    public KafkaFencedSink(KafkaSettings settings, String fenceTopic, String pipeline, String queryId) {
        this.settings = settings;
        this.fenceTopic = fenceTopic;
        this.fenceGroup = "fluxo." + pipeline + ".fence." + queryId;
    }

    @Override
    public void write(long batchId, Iterator<Record> records) {
        if (!records.hasNext()) {
            return;
        }
        TopicPartition fence = new TopicPartition(fenceTopic, 0);
        try {
            if (admin == null) {
                admin = Admin.create(settings.clientProperties());
            }
            OffsetAndMetadata committed = admin.listConsumerGroupOffsets(fenceGroup).partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS).get(fence);
            if (committed != null && committed.offset() > batchId) {
                return; // this batch's records are already in Kafka
            }
            KafkaProducer<byte[], byte[]> p = producer();
            p.beginTransaction();
            while (records.hasNext()) {
                Record r = records.next();
                p.send(new ProducerRecord<>(r.topic(), r.key() == null ? null : r.key().getBytes(StandardCharsets.UTF_8),
                        r.value().getBytes(StandardCharsets.UTF_8)));
            }
            p.sendOffsetsToTransaction(Map.of(fence, new OffsetAndMetadata(batchId + 1, "batch " + batchId)),
                    new ConsumerGroupMetadata(fenceGroup));
            p.commitTransaction();
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            closeProducer();
            throw new SinkException("Cannot write to Kafka at " + settings.bootstrapServers() + " (fence " + fenceGroup
                    + "): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SinkException("Cannot write to Kafka: interrupted");
        }
    }

    private KafkaProducer<byte[], byte[]> producer() {
        if (producer == null) {
            Map<String, Object> props = new HashMap<>(settings.clientProperties());
            props.put("transactional.id", fenceGroup);
            props.put("enable.idempotence", true);
            props.put("acks", "all");
            props.put("linger.ms", 5);
            props.put("max.block.ms", 30_000);
            producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
            producer.initTransactions();
        }
        return producer;
    }

    private void closeProducer() {
        if (producer != null) {
            producer.close();
            producer = null;
        }
    }

    @Override
    public void close() {
        closeProducer();
        if (admin != null) {
            admin.close();
            admin = null;
        }
    }
}
