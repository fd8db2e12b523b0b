package io.fluxo.generator;

import static java.util.Objects.requireNonNull;

import io.fluxo.config.UserException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends generated events with an idempotent producer (no duplicates from the producer's own retries, so
 * the duplicates a generator counts are exactly the ones it chose to send) and fails with one clear line
 * naming what went wrong: a broker that does not answer, or the partition and the error of one that does.
 * Not thread-safe: one run, one thread.
 */
public final class EventSender implements AutoCloseable {
    static final int MAX_BLOCK_MS = 10_000;
    static final int DELIVERY_TIMEOUT_MS = 60_000;
    private static final String STACK_HINT = " (is the stack up? ./fluxo stack up)";
    private static final int PROBE_TIMEOUT_MS = 3_000;

    /** A failed send or delivery: its partition (null when none was known) and whether later records to it were written. */
    record Failure(Throwable cause, TopicPartition partition, boolean overtaken) {
        Failure {
            requireNonNull(cause, "cause");
        }
    }

    private final String bootstrap;
    private final KafkaProducer<String, byte[]> producer;
    private final BooleanSupplier brokerAnswers;
    private final AtomicReference<Failure> failure = new AtomicReference<>();
    /** Per partition, the send number of the last record Kafka acknowledged (written from the producer's I/O thread). */
    private final Map<TopicPartition, Long> lastAcked = new ConcurrentHashMap<>();
    private final Map<String, Long> perTopic = new TreeMap<>();
    private long sent;

    public EventSender(Map<String, Object> clientProperties) {
        requireNonNull(clientProperties, "clientProperties");
        this.bootstrap = String.valueOf(clientProperties.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG));
        this.brokerAnswers = () -> brokerAnswers(clientProperties);
        try {
            this.producer = new KafkaProducer<>(producerProperties(clientProperties));
        } catch (KafkaException e) {
            throw failure(bootstrap, new Failure(e, null, false), brokerAnswers);
        }
    }

    /** Tuning defaults, then the user's pass-through properties, then what correctness requires. */
    static Map<String, Object> producerProperties(Map<String, Object> clientProperties) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, MAX_BLOCK_MS);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, DELIVERY_TIMEOUT_MS);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
        props.putAll(clientProperties);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return props;
    }

    /**
     * Queues one event; fails on the first event whose delivery failed before.
     *
     * @throws UserException when Kafka cannot be reached or rejected an event
     * @throws org.apache.kafka.common.errors.InterruptException when the thread was interrupted while the
     *     producer's buffer was full
     */
    public void send(String topic, String key, byte[] value) {
        requireNonNull(topic, "topic");
        requireNonNull(value, "value");
        throwIfFailed();
        long number = sent;
        try {
            producer.send(new ProducerRecord<>(topic, key, value), (metadata, exception) -> {
                if (exception == null) {
                    lastAcked.merge(new TopicPartition(metadata.topic(), metadata.partition()), number, Math::max);
                } else {
                    failure.compareAndSet(null, failed(exception, metadata, number));
                }
            });
        } catch (org.apache.kafka.common.errors.InterruptException e) {
            throw e;
        } catch (KafkaException e) {
            throw failure(bootstrap, new Failure(e, null, false), brokerAnswers);
        }
        perTopic.merge(topic, 1L, Long::sum);
        sent++;
    }

    /**
     * An idempotent producer keeps the records of one partition in order, so records sent later to the same
     * partition that were written mean the broker took a later sequence first and refused this batch's.
     */
    private Failure failed(Exception exception, RecordMetadata metadata, long number) {
        if (metadata == null || metadata.partition() < 0) {
            return new Failure(exception, null, false);
        }
        TopicPartition tp = new TopicPartition(metadata.topic(), metadata.partition());
        Long acked = lastAcked.get(tp);
        return new Failure(exception, tp, acked != null && acked > number);
    }

    /** Waits until every queued event is acknowledged. */
    public void flush() {
        try {
            producer.flush();
        } catch (org.apache.kafka.common.errors.InterruptException e) {
            throw e;
        } catch (KafkaException e) {
            throw failure(bootstrap, new Failure(e, null, false), brokerAnswers);
        }
        throwIfFailed();
    }

    /** Events sent per topic, in topic order. */
    public Map<String, Long> eventsPerTopic() {
        return Map.copyOf(perTopic);
    }

    public long sent() {
        return sent;
    }

    public String bootstrap() {
        return bootstrap;
    }

    private void throwIfFailed() {
        Failure f = failure.get();
        if (f != null) {
            throw failure(bootstrap, f, brokerAnswers);
        }
    }

    @Override
    public void close() {
        // Bounded: with the broker gone, close would otherwise wait for every undeliverable batch.
        producer.close(Duration.ofSeconds(5));
    }

    /**
     * "Cannot produce to Kafka at host:port: reason", with the stack hint only when no broker answers now:
     * a timeout says nothing about which, so the broker is asked ({@code brokerAnswers}, called at most once).
     */
    static UserException failure(String bootstrap, Failure failure, BooleanSupplier brokerAnswers) {
        Throwable cause = failure.cause();
        String partition = failure.partition() == null ? null : failure.partition().toString();
        boolean timeout = cause instanceof org.apache.kafka.common.errors.TimeoutException
                || cause instanceof java.util.concurrent.TimeoutException;
        String reason;
        if (timeout && failure.overtaken() || cause instanceof OutOfOrderSequenceException) {
            // The broker answered and refused. Kafka retries a batch refused for its sequence until
            // delivery.timeout.ms and then reports only the timeout.
            reason = "partition " + (partition == null ? "?" : partition) + " refused the producer's sequence ("
                    + (timeout ? "OutOfOrderSequenceException): records sent to it later were written, earlier ones"
                            + " were not (a send raced the partition's creation or its broker's restart, KAFKA-15591)"
                            : cause.getClass().getSimpleName() + "): " + message(cause));
            return new UserException("Cannot produce to Kafka at " + bootstrap + ": " + reason, cause);
        }
        boolean answers = brokerAnswers.getAsBoolean();
        if (timeout && !answers) {
            reason = partition == null ? "no broker answered within " + MAX_BLOCK_MS / 1000 + " s"
                    : "no broker acknowledged partition " + partition + " within " + DELIVERY_TIMEOUT_MS / 1000
                            + " s (delivery.timeout.ms)";
        } else if (timeout && partition != null) {
            reason = "partition " + partition + " did not acknowledge records within " + DELIVERY_TIMEOUT_MS / 1000
                    + " s (delivery.timeout.ms) though the broker answers: " + message(cause);
        } else {
            reason = (partition == null ? "" : "partition " + partition + ": ") + message(cause);
        }
        return new UserException("Cannot produce to Kafka at " + bootstrap + ": " + reason
                + (answers ? "" : STACK_HINT), cause);
    }

    private static String message(Throwable cause) {
        String m = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage().strip();
        return m.endsWith(".") ? m.substring(0, m.length() - 1) : m;
    }

    /** Whether a broker of {@code clientProperties} answers a metadata request within a few seconds. */
    static boolean brokerAnswers(Map<String, Object> clientProperties) {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, PROBE_TIMEOUT_MS);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, PROBE_TIMEOUT_MS);
        try (Admin admin = Admin.create(props)) {
            return !admin.describeCluster().nodes().get(PROBE_TIMEOUT_MS + 1_000L, TimeUnit.MILLISECONDS).isEmpty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | java.util.concurrent.TimeoutException | KafkaException e) {
            return false;
        }
    }
}
