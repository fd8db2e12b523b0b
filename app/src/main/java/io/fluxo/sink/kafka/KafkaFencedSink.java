package io.fluxo.sink.kafka;

import static java.util.Objects.requireNonNull;

import io.fluxo.config.FluxoConfig.KafkaSettings;
import io.fluxo.dlq.DeadLetter;
import dev.failsafe.FailsafeException;
import io.fluxo.sink.RetryBudget;
import io.fluxo.sink.Sink;
import io.fluxo.sink.SinkException;
import java.nio.charset.StandardCharsets;
import io.fluxo.sink.Transient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
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
    private final RetryBudget retry;
    private final String fenceTopic;
    private final Map<String, Integer> topicLimits = new java.util.concurrent.ConcurrentHashMap<>();
    private final int maxRequestSize;
    private final String fenceGroup;
    private transient KafkaProducer<byte[], byte[]> producer;
    private transient Admin admin;

    public KafkaFencedSink(KafkaSettings settings, RetryBudget retry, String fenceTopic, String pipeline, String queryId) {
        this.settings = settings;
        this.retry = retry;
        this.maxRequestSize = maxRequestSize(settings.clientProperties());
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
    public static KafkaFencedSink shared(KafkaSettings settings, RetryBudget retry, String fenceTopic, String pipeline,
            String fenceId) {
        synchronized (SHARED) {
            return SHARED.computeIfAbsent(settings.bootstrapServers() + "|" + pipeline + "|" + fenceId,
                    k -> new KafkaFencedSink(settings, retry, fenceTopic, pipeline, fenceId));
        }
    }

    @Override
    public void write(long batchId, Iterator<Record> records) {
        List<Record> all = new ArrayList<>();
        records.forEachRemaining(all::add);
        write(batchId, all, null);
    }

    /** A record Kafka would refuse (over the producer's or the topic's size limit) and why, in one line. */
    public record Refused(Record record, int size, int limit, String message) {
    }

    /**
     * Writes the batch's records, fenced. A record over the producer's {@code max.request.size} or over its topic's
     * {@code max.message.bytes} would abort the whole transaction on every replay, so it is found before anything
     * is sent and replaced by {@code letterFor}'s record (its dead letter; the replacement must fit). Without
     * {@code letterFor} (null) such a record stops the batch with one line: nothing is dropped silently.
     *
     * @return the records replaced, in order
     */
    public List<Refused> write(long batchId, List<Record> records, Function<Refused, Record> letterFor) {
        if (records.isEmpty()) {
            return List.of();
        }
        List<Record> toSend = new ArrayList<>(records.size());
        List<Refused> refused = new ArrayList<>();
        for (Record r : records) {
            Optional<Refused> tooLarge = checkSize(r, sizeLimit(r.topic()));
            if (tooLarge.isEmpty()) {
                toSend.add(r);
                continue;
            }
            if (letterFor == null) {
                throw new SinkException(tooLarge.get().message() + " (refused, not retried)");
            }
            Record letter = letterFor.apply(tooLarge.get());
            checkSize(letter, sizeLimit(letter.topic())).ifPresent(worse -> {
                throw new SinkException(tooLarge.get().message() + ", and so is its dead letter: " + worse.message()
                        + " (refused, not retried)");
            });
            refused.add(tooLarge.get());
            toSend.add(letter);
        }
        try {
            retry.call(KafkaFencedSink::isTransient, () -> {
                try {
                    writeOnce(batchId, toSend);
                    return null;
                } catch (ExecutionException | TimeoutException | KafkaException e) {
                    closeProducer();
                    throw e instanceof ExecutionException && e.getCause() instanceof Exception c ? c : e;
                }
            });
        } catch (RetryBudget.Exhausted e) {
            throw new SinkException("Cannot write to Kafka at " + settings.bootstrapServers() + " (fence " + fenceGroup
                    + "): " + e.getMessage() + " " + e.summary(), e.getCause());
        } catch (FailsafeException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                throw new SinkException("Cannot write to Kafka: interrupted");
            }
            throw new SinkException("Cannot write to Kafka at " + settings.bootstrapServers() + " (fence " + fenceGroup
                    + "): " + cause.getMessage() + " (refused, not retried)", cause);
        } catch (KafkaException e) {
            throw new SinkException("Cannot write to Kafka at " + settings.bootstrapServers() + " (fence " + fenceGroup
                    + "): " + e.getMessage() + " (refused, not retried)", e);
        }
        return refused;
    }

    /**
     * The largest record a topic takes: the producer's max.request.size, or the topic's max.message.bytes when it
     * is smaller (read once per topic; if the broker does not say, the producer's limit alone).
     */
    private int sizeLimit(String topic) {
        Integer topicLimit = topicLimits.computeIfAbsent(topic, this::maxMessageBytes);
        return topicLimit == null || topicLimit <= 0 ? maxRequestSize : Math.min(maxRequestSize, topicLimit);
    }

    private Integer maxMessageBytes(String topic) {
        try {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            ConfigEntry entry = admin().describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS)
                    .get(resource).get("max.message.bytes");
            return entry == null || entry.value() == null ? -1 : Integer.parseInt(entry.value());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        } catch (ExecutionException | TimeoutException | KafkaException | NumberFormatException e) {
            return -1; // e.g. no DescribeConfigs permission, or the topic does not exist yet (auto-created)
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

    /** The refusal a record over {@code limit} bytes would meet, naming the topic and the sizes; empty when it fits. */
    static Optional<Refused> checkSize(Record r, int limit) {
        int size = recordSize(r);
        if (size <= limit) {
            return Optional.empty();
        }
        String key = r.key() == null ? null : DeadLetter.cut(r.key(), 100);
        return Optional.of(new Refused(r, size, limit, "Cannot write to Kafka topic " + r.topic() + ": a record of "
                + size + " bytes (key " + key + ") is over the limit of " + limit
                + " bytes (max.request.size, or the topic's max.message.bytes)"));
    }

    /** Retriable errors of the Kafka client (leader moves, time-outs, lost connections); never a refused record. */
    static boolean isTransient(Throwable e) {
        return e instanceof org.apache.kafka.common.errors.RetriableException || e instanceof TimeoutException
                || Transient.isConnectionOrTimeout(e);
    }

    private void writeOnce(long batchId, List<Record> records)
            throws ExecutionException, TimeoutException, InterruptedException {
        TopicPartition fence = new TopicPartition(fenceTopic, 0);
        // initTransactions first: it completes or aborts whatever an earlier producer of this transactional id
        // left open, so the fence read next (requireStable: no pending offset commit) cannot race with it.
        KafkaProducer<byte[], byte[]> p = producer();
        OffsetAndMetadata committed = admin().listConsumerGroupOffsets(
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

    private Admin admin() {
        if (admin == null) {
            admin = Admin.create(settings.clientProperties());
        }
        return admin;
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
