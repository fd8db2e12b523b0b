package io.fluxo.testing;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.fluxo.config.FluxoConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A pipeline of its own on the shared test stack: a unique name for its topics, sinks and checkpoint,
 * so that tests never see each other's data; helpers to feed Kafka, read topics back and run
 * {@code fluxo} in a child JVM.
 */
public abstract class PipelineFixture {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

    public final String name;
    public Map<String, String> env;
    public FluxoConfig config;

    protected PipelineFixture(String test) {
        TestStack.start();
        this.name = test.toLowerCase(Locale.ROOT) + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Sets this fixture's FLUXO_* overrides (plus the common ones) and loads its configuration. */
    protected void init(Map<String, String> overrides) {
        Map<String, String> e = new HashMap<>(overrides);
        e.putIfAbsent("FLUXO_SPARK_SHUFFLE__PARTITIONS", "2");
        e.putIfAbsent("FLUXO_SPARK_MASTER", "local[2]");
        e.putIfAbsent("FLUXO_AUDIT_TOPIC__PREFIX", name + ".");
        e.putIfAbsent("FLUXO_CHECKPOINT__DIR", TestStack.config().home().resolve("checkpoints").resolve(name).toString());
        this.env = Map.copyOf(e);
        this.config = TestStack.config(env);
    }

    /** Everything a child process needs to run this pipeline: the test stack's variables plus this fixture's. */
    public Map<String, String> processEnv() {
        Map<String, String> all = new HashMap<>(TestStack.env());
        all.putAll(env);
        return all;
    }


    public void send(String topic, String key, String value) {
        sendBytes(topic, key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }


    public void sendBytes(String topic, byte[] key, byte[] value) {
        send(new ProducerRecord<>(topic, key, value));
    }

    /** To one partition of the topic, whatever the key's hash. */
    public void send(String topic, int partition, String key, String value) {
        send(new ProducerRecord<>(topic, partition, key.getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8)));
    }

    private void send(ProducerRecord<byte[], byte[]> record) {
        Map<String, Object> props = new HashMap<>(config.kafka().clientProperties());
        props.put("acks", "all");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot send to " + record.topic(), e);
        }
    }


    /** Starts `fluxo run receivables` in a child JVM on this fixture's topics, sinks and checkpoint. */
    public Process startChild(Map<String, String> extraEnv, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(System.getProperty("fluxo.jvm.opens", "").trim().split("\\s+")));
        command.add("-Xmx2g");
        command.add("-Dfluxo.home=" + System.getProperty("fluxo.home", ""));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("io.fluxo.cli.FluxoCli");
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command.stream().filter(s -> !s.isEmpty()).toList());
        builder.environment().putAll(processEnv());
        builder.environment().putAll(extraEnv);
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        Path log = log();
        try {
            java.nio.file.Files.createDirectories(log.getParent());
            builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }


    /** The log of this fixture's child JVMs (each run appends to it). */
    public Path log() {
        return TestStack.config().home().resolve("logs").resolve(name + ".log");
    }

    /** All committed records of a topic, as JSON. */
    public List<JsonNode> records(String topic) {
        Map<String, Object> props = new HashMap<>(config.kafka().clientProperties());
        props.put("isolation.level", "read_committed");
        props.put("auto.offset.reset", "earliest");
        props.put("enable.auto.commit", "false");
        List<JsonNode> letters = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.currentTimeMillis() + 20_000;
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    letters.add(json(new String(r.value(), StandardCharsets.UTF_8)));
                }
            }
        }
        return letters;
    }


    public static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }


    /**
     * Deletes the newest commit file of a query's checkpoint (and Hadoop's checksum beside it), so that the next run
     * replays that batch; returns the deleted file.
     */
    public static Path uncommitLastBatch(Path checkpoint) {
        try (java.util.stream.Stream<Path> commits = java.nio.file.Files.list(checkpoint.resolve("commits"))) {
            Path last = commits.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .max(java.util.Comparator.comparingLong(p -> Long.parseLong(p.getFileName().toString())))
                    .orElseThrow();
            java.nio.file.Files.delete(last);
            // Hadoop's local file system keeps a checksum beside each file; a stale one blocks the new commit.
            java.nio.file.Files.deleteIfExists(last.resolveSibling("." + last.getFileName() + ".crc"));
            return last;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
