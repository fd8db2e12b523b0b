package io.fluxo.generator;

import static java.util.Objects.requireNonNull;

import io.fluxo.config.UserException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends generated events with an idempotent producer (no duplicates from the producer's own retries, so
 * the duplicates a generator counts are exactly the ones it chose to send) and fails with one clear line
 * when Kafka cannot be reached. Not thread-safe: one run, one thread.
 */
public final class EventSender implements AutoCloseable {
    static final int MAX_BLOCK_MS = 10_000;

    private final String bootstrap;
    private final KafkaProducer<String, byte[]> producer;
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final Map<String, Long> perTopic = new TreeMap<>();
    private long sent;

    public EventSender(Map<String, Object> clientProperties) {
        requireNonNull(clientProperties, "clientProperties");
        this.bootstrap = String.valueOf(clientProperties.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG));
        try {
            this.producer = new KafkaProducer<>(producerProperties(clientProperties));
        } catch (KafkaException e) {
            throw unreachable(bootstrap, e);
        }
    }

    /** Tuning defaults, then the user's pass-through properties, then what correctness requires. */
    static Map<String, Object> producerProperties(Map<String, Object> clientProperties) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, MAX_BLOCK_MS);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
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
        try {
            producer.send(new ProducerRecord<>(topic, key, value), (metadata, exception) -> {
                if (exception != null) {
                    failure.compareAndSet(null, exception);
                }
            });
        } catch (org.apache.kafka.common.errors.InterruptException e) {
            throw e;
        } catch (KafkaException e) {
            throw unreachable(bootstrap, e);
        }
        perTopic.merge(topic, 1L, Long::sum);
        sent++;
    }

    /** Waits until every queued event is acknowledged. */
    public void flush() {
        try {
            producer.flush();
        } catch (org.apache.kafka.common.errors.InterruptException e) {
            throw e;
        } catch (KafkaException e) {
            throw unreachable(bootstrap, e);
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
        Exception e = failure.get();
        if (e != null) {
            throw unreachable(bootstrap, e);
        }
    }

    @Override
    public void close() {
        // Bounded: with the broker gone, close would otherwise wait for every undeliverable batch.
        producer.close(Duration.ofSeconds(5));
    }

    /** "Cannot produce to Kafka at host:port: reason (is the stack up? ./fluxo stack up)". */
    public static UserException unreachable(String bootstrap, Throwable cause) {
        String reason;
        if (cause instanceof org.apache.kafka.common.errors.TimeoutException
                || cause instanceof java.util.concurrent.TimeoutException) {
            reason = "no broker answered within " + MAX_BLOCK_MS / 1000 + " s";
        } else {
            reason = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
            reason = reason.strip();
            if (reason.endsWith(".")) {
                reason = reason.substring(0, reason.length() - 1);
            }
        }
        return new UserException("Cannot produce to Kafka at " + bootstrap + ": " + reason
                + " (is the stack up? ./fluxo stack up)", cause);
    }
}
