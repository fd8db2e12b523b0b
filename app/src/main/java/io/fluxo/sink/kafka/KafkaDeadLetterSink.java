package io.fluxo.sink.kafka;

import io.fluxo.config.FluxoConfig.KafkaSettings;
import io.fluxo.pipeline.receivables.OutputRow;
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
 * Writes dead letters exactly once per (query, batch): the records and a fence offset
 * (batch id + 1, committed for the consumer group {@code fluxo.<pipeline>.dlq-fence.<query id>})
 * go in one Kafka transaction, and a batch whose fence is already committed is skipped. A new
 * checkpoint means a new query id and so a new fence. Runs on the driver.
 */
public final class KafkaDeadLetterSink implements Sink<OutputRow>, AutoCloseable {
    private final KafkaSettings settings;
    private final String topic;
    private final String fenceGroup;
    private transient KafkaProducer<byte[], byte[]> producer;
    private transient Admin admin;

    public KafkaDeadLetterSink(KafkaSettings settings, String topic, String pipeline, String queryId) {
        this.settings = settings;
        this.topic = topic;
        this.fenceGroup = "fluxo." + pipeline + ".dlq-fence." + queryId;
    }

    @Override
    public void write(long batchId, Iterator<OutputRow> rows) {
        if (!rows.hasNext()) {
            return;
        }
        TopicPartition fence = new TopicPartition(topic, 0);
        try {
            if (admin == null) {
                admin = Admin.create(settings.clientProperties());
            }
            OffsetAndMetadata committed = admin.listConsumerGroupOffsets(fenceGroup).partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS).get(fence);
            if (committed != null && committed.offset() > batchId) {
                return; // this batch's dead letters are already in the topic
            }
            KafkaProducer<byte[], byte[]> p = producer();
            p.beginTransaction();
            while (rows.hasNext()) {
                OutputRow row = rows.next();
                p.send(new ProducerRecord<>(topic, row.getId().getBytes(StandardCharsets.UTF_8),
                        row.getJson().getBytes(StandardCharsets.UTF_8)));
            }
            p.sendOffsetsToTransaction(Map.of(fence, new OffsetAndMetadata(batchId + 1, "batch " + batchId)),
                    new ConsumerGroupMetadata(fenceGroup));
            p.commitTransaction();
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            closeProducer();
            throw new SinkException("Cannot write dead letters to Kafka topic " + topic + " at "
                    + settings.bootstrapServers() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SinkException("Cannot write dead letters to " + topic + ": interrupted");
        }
    }

    private KafkaProducer<byte[], byte[]> producer() {
        if (producer == null) {
            Map<String, Object> props = new HashMap<>(settings.clientProperties());
            props.put("transactional.id", fenceGroup);
            props.put("enable.idempotence", true);
            props.put("acks", "all");
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
