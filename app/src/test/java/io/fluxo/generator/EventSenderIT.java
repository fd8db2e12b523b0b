package io.fluxo.generator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxo.kafka.Topics;
import io.fluxo.stack.Service;
import io.fluxo.testing.TestStack;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The idempotent producer of every generator against the real broker of the test stack: topics written the
 * moment they are created, a broker restarted, killed or paused mid-send. Each record must be in Kafka exactly once.
 */
class EventSenderIT {
    private static final int PARTITIONS = 4;
    private static final AtomicLong RUN = new AtomicLong(System.currentTimeMillis() % 1_000_000);

    @BeforeAll
    static void startKafka() {
        TestStack.start(Set.of(Service.KAFKA));
    }

    @Test
    void everyPartitionAcceptsWritesAsSoonAsEnsureReturns() throws Exception {
        Map<String, Object> props = new HashMap<>(kafka());
        // No retries: a partition its leader does not host yet answers NOT_LEADER_OR_FOLLOWER at once.
        props.put("retries", 0);
        props.put("enable.idempotence", false);
        props.put("acks", "all");
        for (int round = 0; round < 10; round++) {
            List<String> topics = topics("ready");
            Topics.ensure(kafka(), topics, PARTITIONS);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                    new StringSerializer())) {
                List<Future<RecordMetadata>> sends = new ArrayList<>();
                for (String topic : topics) {
                    for (int p = 0; p < PARTITIONS; p++) {
                        sends.add(producer.send(new ProducerRecord<>(topic, p, "k", "v")));
                    }
                }
                for (Future<RecordMetadata> send : sends) {
                    send.get(30, TimeUnit.SECONDS);
                }
            }
        }
    }

    @Test
    void everyRecordIsWrittenOnceWhenTheBrokerRestartsMidSend() throws Exception {
        sendAcross("restart", () -> {
            TestStack.stack().down(Set.of(Service.KAFKA));
            TestStack.stack().up(Set.of(Service.KAFKA));
        });
    }

    @Test
    void everyRecordIsWrittenOnceWhenTheBrokerIsKilledAndStartedAgainMidSend() throws Exception {
        sendAcross("kill", () -> {
            TestStack.stack().kill(Service.KAFKA);
            TestStack.stack().up(Set.of(Service.KAFKA));
        });
    }

    @Test
    void everyRecordIsWrittenOnceWhenTheBrokerPausesLongerThanARequestTimeout() throws Exception {
        long pid = TestStack.stack().status(Set.of(Service.KAFKA)).get(0).pid();
        sendAcross("pause", () -> {
            signal("STOP", pid);
            try {
                Thread.sleep(18_000); // request.timeout.ms is 15 s: the requests in flight time out and are sent again
            } finally {
                signal("CONT", pid);
            }
        });
    }

    /** 30,000 records over 10 s to fresh topics, {@code fault} 2 s in; then each must be in Kafka once. */
    private static void sendAcross(String name, Fault fault) throws Exception {
        List<String> topics = topics(name);
        Topics.ensure(kafka(), topics, PARTITIONS);

        CompletableFuture<Long> sending = sendInBackground(topics, 30_000, 3_000);
        Thread.sleep(2_000);
        fault.run();

        assertThat(sending.get(3, TimeUnit.MINUTES)).isEqualTo(30_000);
        assertWrittenOnce(topics, 30_000);
    }

    private interface Fault {
        void run() throws Exception;
    }

    private static CompletableFuture<Long> sendInBackground(List<String> topics, int records, double perSecond) {
        return CompletableFuture.supplyAsync(() -> {
            RateLimiter limiter = RateLimiter.of(perSecond);
            try (EventSender sender = new EventSender(kafka())) {
                for (int i = 0; i < records; i++) {
                    limiter.acquire();
                    sender.send(topics.get(i % topics.size()), "k-" + i, ("v-" + i).getBytes(StandardCharsets.UTF_8));
                }
                sender.flush();
                return sender.sent();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
    }

    private static void assertWrittenOnce(List<String> topics, int records) {
        Map<String, Object> props = new HashMap<>(kafka());
        props.put("auto.offset.reset", "earliest");
        props.put("enable.auto.commit", false);
        Map<String, Integer> seen = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            topics.forEach(t -> consumer.partitionsFor(t).forEach(p -> partitions.add(new TopicPartition(t, p.partition()))));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    seen.merge(r.key(), 1, Integer::sum);
                }
            }
        }
        Map<String, Integer> duplicates = seen.entrySet().stream().filter(e -> e.getValue() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(duplicates).as("records written more than once").isEmpty();
        assertThat(seen).as("records written").hasSize(records);
    }

    private static void signal(String signal, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0).as("kill -" + signal + " " + pid).isTrue();
    }

    private static List<String> topics(String name) {
        String prefix = "it-sender-" + name + "-" + RUN.incrementAndGet();
        return List.of(prefix + ".a", prefix + ".b", prefix + ".c");
    }

    private static Map<String, Object> kafka() {
        return TestStack.config().kafka().clientProperties();
    }
}
