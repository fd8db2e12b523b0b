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
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The yardstick for the pipeline: a plain consumer reading the same topics from the beginning to their
 * end offsets, without parsing anything. No consumer group, so nothing is committed.
 */
final class KafkaRawConsumer {
    static final Duration TIMEOUT = Duration.ofSeconds(15);

    record Result(long records, long bytes, Duration elapsed) {
    }

    private KafkaRawConsumer() {
    }

    static Result consume(Map<String, Object> clientProperties, List<String> topics, Duration maxTime) {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "fluxo-bench-raw");
        props.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        // The yardstick is the consume rate, not the broker's wait for more data (500 ms by default) in a fetch
        // that asks for partitions already read to their end: some runs took 0.55 s for what others read in 0.07 s.
        props.putIfAbsent(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        String bootstrap = String.valueOf(clientProperties.get("bootstrap.servers"));
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, TIMEOUT);
                if (infos == null || infos.isEmpty()) {
                    throw new UserException("Cannot read topic " + topic + " at " + bootstrap + ": it has no partitions");
                }
                infos.forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
            Set<TopicPartition> open = new HashSet<>(partitions);

            long records = 0;
            long bytes = 0;
            long start = System.nanoTime();
            long deadline = start + maxTime.toNanos();
            while (!open.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Cannot finish the raw consume of " + topics + " within " + maxTime
                            + ": " + records + " records read, partitions left " + open);
                }
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(100));
                for (ConsumerRecord<byte[], byte[]> r : batch) {
                    records++;
                    bytes += (r.key() == null ? 0 : r.key().length) + (r.value() == null ? 0 : r.value().length);
                }
                Set<TopicPartition> done = new HashSet<>();
                for (TopicPartition tp : open) {
                    if (consumer.position(tp, TIMEOUT) >= end.get(tp)) {
                        done.add(tp);
                    }
                }
                // A fetch of read partitions only would wait fetch.max.wait.ms (500 ms) at the broker for data that
                // never comes, and hold back the next fetch of the others: read partitions leave the fetches.
                consumer.pause(done);
                open.removeAll(done);
            }
            return new Result(records, bytes, Duration.ofNanos(System.nanoTime() - start));
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw new UserException("Cannot consume from Kafka at " + bootstrap + ": no answer within "
                    + TIMEOUT.toSeconds() + " s (is the stack up? ./fluxo stack up)", e);
        } catch (KafkaException e) {
            throw new UserException("Cannot consume from Kafka at " + bootstrap + ": " + e.getMessage(), e);
        }
    }
}
