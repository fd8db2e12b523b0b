package io.fluxo.bench;

import io.fluxo.config.UserException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * When each record of a topic was sent: its Kafka timestamp, which the producer sets when send() is called
 * (CreateTime, the default). The payload's own time (data_horario) is a synthetic event time and no use here.
 * No consumer group, so nothing is committed.
 */
public final class KafkaSendTimes {
    static final Duration TIMEOUT = Duration.ofSeconds(15);

    /** @param logAppendTime records stamped by the broker on arrival instead: a little later than sent */
    public record Result(Map<RecordKey, Long> sentMillis, boolean logAppendTime) {
    }

    /** Where a record is in its topic. */
    public record RecordKey(int partition, long offset) {
    }

    /** A record's send time and its value, for a probe that must tell records apart by what they hold. */
    public record Sent(long millis, byte[] value) {
    }

    /** @param sent every record of the topic: its send time and its value */
    public record Values(Map<RecordKey, Sent> sent, boolean logAppendTime) {
    }

    private KafkaSendTimes() {
    }

    public static Result read(Map<String, Object> clientProperties, String topic, Duration maxTime) {
        Values v = readValues(clientProperties, topic, maxTime);
        Map<RecordKey, Long> millis = new HashMap<>();
        v.sent().forEach((key, sent) -> millis.put(key, sent.millis()));
        return new Result(millis, v.logAppendTime());
    }

    /** Every record of the topic with its send time and its value. */
    public static Values readValues(Map<String, Object> clientProperties, String topic, Duration maxTime) {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "fluxo-bench-send-times");
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        String bootstrap = String.valueOf(clientProperties.get("bootstrap.servers"));
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, TIMEOUT);
            if (infos == null || infos.isEmpty()) {
                throw new UserException("Cannot read topic " + topic + " at " + bootstrap + ": it has no partitions");
            }
            List<TopicPartition> partitions = new ArrayList<>();
            infos.forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
            Set<TopicPartition> open = new HashSet<>(partitions);
            Map<RecordKey, Sent> sent = new HashMap<>();
            boolean logAppendTime = false;
            long deadline = System.nanoTime() + maxTime.toNanos();
            open.removeIf(tp -> end.get(tp) == 0);
            while (!open.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Cannot read the send times of " + topic + " within " + maxTime
                            + ": " + sent.size() + " records read, partitions left " + open);
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    sent.put(new RecordKey(r.partition(), r.offset()), new Sent(r.timestamp(), r.value()));
                    logAppendTime |= r.timestampType() == TimestampType.LOG_APPEND_TIME;
                }
                open.removeIf(tp -> consumer.position(tp, TIMEOUT) >= end.get(tp));
            }
            return new Values(sent, logAppendTime);
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw new UserException("Cannot consume from Kafka at " + bootstrap + ": no answer within "
                    + TIMEOUT.toSeconds() + " s (is the stack up? ./fluxo stack up)", e);
        } catch (KafkaException e) {
            throw new UserException("Cannot consume from Kafka at " + bootstrap + ": " + e.getMessage(), e);
        }
    }
}
