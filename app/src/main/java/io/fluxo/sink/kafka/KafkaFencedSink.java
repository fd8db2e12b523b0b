package io.fluxo.sink.kafka;

import static java.util.Objects.requireNonNull;

import io.fluxo.config.FluxoConfig.KafkaSettings;
import io.fluxo.sink.Sink;
import io.fluxo.sink.SinkException;
import java.nio.charset.StandardCharsets;
import io.fluxo.sink.Transient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.AbstractRecords;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.RecordBatch;
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

    /** Producers kept open per JVM: one transactional producer per fence, for the fences written to lately. */
    static final int SHARED_MAX = 32;
    private static final Map<String, KafkaFencedSink> SHARED = new java.util.LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, KafkaFencedSink> eldest) {
            if (size() > SHARED_MAX) {
                eldest.getValue().close();
                return true;
            }
            return false;
        }
    };

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            synchronized (SHARED) {
                SHARED.values().forEach(KafkaFencedSink::close);
                SHARED.clear();
            }
        }, "fluxo-kafka-fenced-sinks"));
    }

    /**
     * The sink of one fence in this JVM (an executor writes the same partitions batch after batch), so its
     * transactional producer is initialised once, not once per batch.
     */
    public static KafkaFencedSink shared(KafkaSettings settings, String fenceTopic, String pipeline, String fenceId) {
        synchronized (SHARED) {
            return SHARED.computeIfAbsent(settings.bootstrapServers() + "|" + pipeline + "|" + fenceId,
                    k -> new KafkaFencedSink(settings, fenceTopic, pipeline, fenceId));
        }
    }

    /** Tries of one batch while the broker is unreachable or answers with a retriable error. */
    static final int MAX_ATTEMPTS = 5;

    @Override
    public void write(long batchId, Iterator<Record> records) {
        if (!records.hasNext()) {
            return;
        }
        List<Record> all = new ArrayList<>();
        records.forEachRemaining(all::add);
        int maxRequestSize = maxRequestSize(settings.clientProperties());
        for (Record r : all) {
            checkSize(r, maxRequestSize);
        }
        for (int attempt = 1; ; attempt++) {
            try {
                writeOnce(batchId, all);
                return;
            } catch (ExecutionException | TimeoutException | KafkaException e) {
                closeProducer();
                Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
                boolean retry = isTransient(cause);
                if (!retry || attempt == MAX_ATTEMPTS) {
                    throw new SinkException("Cannot write to Kafka at " + settings.bootstrapServers() + " (fence "
                            + fenceGroup + "): " + cause.getMessage() + (retry ? " after " + attempt + " attempts"
                            : " (refused, not retried)"), cause);
                }
                try {
                    sleep(attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new SinkException("Cannot write to Kafka: interrupted");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SinkException("Cannot write to Kafka: interrupted");
            }
        }
    }

    /** The producer's default max.request.size (1 MiB), unless the client properties set another. */
    static final int DEFAULT_MAX_REQUEST_SIZE = 1_048_576;

    static int maxRequestSize(Map<String, Object> clientProperties) {
        Object value = clientProperties.get("max.request.size");
        return value == null ? DEFAULT_MAX_REQUEST_SIZE : Integer.parseInt(value.toString().trim());
    }

    /** A record's size as the producer reckons it against max.request.size: its own batch, uncompressed. */
    static int recordSize(Record r) {
        return AbstractRecords.estimateSizeInBytesUpperBound(RecordBatch.CURRENT_MAGIC_VALUE, CompressionType.NONE,
                r.key() == null ? null : r.key().getBytes(StandardCharsets.UTF_8),
                r.value().getBytes(StandardCharsets.UTF_8), org.apache.kafka.common.record.Record.EMPTY_HEADERS);
    }

    /**
     * A record over max.request.size would abort the whole transaction with it, on every replay: refused here before
     * anything is sent, naming the topic and the sizes. Never dropped: an alert or a credit lost silently is worse
     * than a stopped pipeline. (Dead letters fit: their raw key and value are cut at fluxo.dlq.max-raw-bytes.)
     */
    static void checkSize(Record r, int maxRequestSize) {
        int size = recordSize(r);
        if (size > maxRequestSize) {
            throw new SinkException("Cannot write to Kafka topic " + r.topic() + ": a record of " + size
                    + " bytes (key " + r.key() + ") is over max.request.size of " + maxRequestSize
                    + " bytes (refused, not retried)");
        }
    }

    /** Retriable errors of the Kafka client (leader moves, time-outs, lost connections); never a refused record. */
    static boolean isTransient(Throwable e) {
        return e instanceof org.apache.kafka.common.errors.RetriableException || e instanceof TimeoutException
                || Transient.isConnectionOrTimeout(e);
    }

    private static void sleep(int attempt) throws InterruptedException {
        long millis = Math.min(5_000, 200L << Math.min(attempt - 1, 5));
        Thread.sleep(millis + (long) (Math.random() * millis / 4));
    }

    private void writeOnce(long batchId, List<Record> records)
            throws ExecutionException, TimeoutException, InterruptedException {
        TopicPartition fence = new TopicPartition(fenceTopic, 0);
        // initTransactions first: it completes or aborts whatever an earlier producer of this transactional id
        // left open, so the fence read next (requireStable: no pending offset commit) cannot race with it.
        KafkaProducer<byte[], byte[]> p = producer();
        if (admin == null) {
            admin = Admin.create(settings.clientProperties());
        }
        OffsetAndMetadata committed = admin.listConsumerGroupOffsets(
                        Map.of(fenceGroup, new ListConsumerGroupOffsetsSpec().topicPartitions(List.of(fence))),
                        new ListConsumerGroupOffsetsOptions().requireStable(true))
                .partitionsToOffsetAndMetadata(fenceGroup).get(30, TimeUnit.SECONDS).get(fence);
        if (committed != null && committed.offset() > batchId) {
            return; // this batch's records are already in Kafka
        }
        p.beginTransaction();
        for (Record r : records) {
            p.send(new ProducerRecord<>(r.topic(), r.key() == null ? null : r.key().getBytes(StandardCharsets.UTF_8),
                    r.value().getBytes(StandardCharsets.UTF_8)));
        }
        p.sendOffsetsToTransaction(Map.of(fence, new OffsetAndMetadata(batchId + 1, "batch " + batchId)),
                new ConsumerGroupMetadata(fenceGroup));
        p.commitTransaction();
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
