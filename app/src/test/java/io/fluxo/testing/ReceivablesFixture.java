package io.fluxo.testing;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.fluxo.config.FluxoConfig;
import io.fluxo.pipeline.receivables.ReceivablesPipeline;
import io.fluxo.sink.dynamodb.DynamoDbClients;
import io.fluxo.sink.opensearch.OpenSearchClients;
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
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.opensearch.client.opensearch.generic.Body;
import org.opensearch.client.opensearch.generic.Requests;
import org.opensearch.client.opensearch.generic.Response;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * One receivables pipeline of its own on the shared test stack: its own topics, DLQ topic, table,
 * index and checkpoint, so that tests never see each other's data. Helpers to feed it raw records and
 * to read back what landed in each sink.
 */
public final class ReceivablesFixture {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

    public final String name;
    public final Map<String, String> env;
    public final FluxoConfig config;

    public ReceivablesFixture(String test) {
        TestStack.start();
        this.name = test.toLowerCase(Locale.ROOT) + "-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> e = new HashMap<>();
        e.put("FLUXO_RECEIVABLES_TOPICS_AGENDADOS", name + ".agendados");
        e.put("FLUXO_RECEIVABLES_TOPICS_CANCELADOS", name + ".cancelados");
        e.put("FLUXO_RECEIVABLES_TOPICS_NEGOCIADOS", name + ".negociados");
        e.put("FLUXO_RECEIVABLES_DLQ__TOPIC", name + ".dlq");
        e.put("FLUXO_RECEIVABLES_TABLE", "Recebiveis-" + name);
        e.put("FLUXO_RECEIVABLES_INDEX", "ciclo-" + name);
        e.put("FLUXO_RECEIVABLES_WINDOW", "1s");
        e.put("FLUXO_RECEIVABLES_PARTITIONS", "2");
        e.put("FLUXO_SPARK_SHUFFLE__PARTITIONS", "2");
        e.put("FLUXO_SPARK_MASTER", "local[2]");
        e.put("FLUXO_CHECKPOINT__DIR", TestStack.config().home().resolve("checkpoints").resolve(name).toString());
        this.env = Map.copyOf(e);
        this.config = TestStack.config(env);
        new ReceivablesPipeline(config).prepare();
    }

    /** Everything a child process needs to run this pipeline: the test stack's variables plus this fixture's. */
    public Map<String, String> processEnv() {
        Map<String, String> all = new HashMap<>(TestStack.env());
        all.putAll(env);
        return all;
    }

    public Path checkpoint() {
        return config.checkpointDir().resolve(ReceivablesPipeline.NAME);
    }

    public void send(String topic, String key, String value) {
        sendBytes(topic, key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    public void sendBytes(String topic, byte[] key, byte[] value) {
        Map<String, Object> props = new HashMap<>(config.kafka().clientProperties());
        props.put("acks", "all");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot send to " + topic, e);
        }
    }

    /** Runs the pipeline in this JVM until Kafka is drained. */
    public void drain() {
        ReceivablesPipeline pipeline = new ReceivablesPipeline(config);
        io.fluxo.pipeline.PipelineRunner.run(() -> pipeline.start(TestSpark.session(), true), ReceivablesPipeline.NAME,
                Duration.ofMinutes(10), System.out);
    }

    /** Generates and sends events, and returns what the sinks must hold for them. */
    public List<io.fluxo.generator.receivables.ReceivableExpectation> produce(
            io.fluxo.generator.receivables.ReceivablesOptions options) {
        var producer = new io.fluxo.generator.receivables.ReceivablesProducer(config);
        producer.produce(options, 0, io.fluxo.generator.ProgressListener.NONE);
        return producer.expectation();
    }

    /** Checks the live index and table against an expectation, waiting up to 60 s for them to catch up. */
    public io.fluxo.verify.VerifyResult verify(List<io.fluxo.generator.receivables.ReceivableExpectation> expected) {
        try (var verifier = io.fluxo.verify.Verifier.create(config)) {
            return verifier.verify(expected, Duration.ofSeconds(60));
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
        Path log = TestStack.config().home().resolve("logs").resolve(name + ".log");
        try {
            java.nio.file.Files.createDirectories(log.getParent());
            builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** All committed records of the DLQ topic, as JSON. */
    public List<JsonNode> deadLetters() {
        Map<String, Object> props = new HashMap<>(config.kafka().clientProperties());
        props.put("isolation.level", "read_committed");
        props.put("auto.offset.reset", "earliest");
        props.put("enable.auto.commit", "false");
        List<JsonNode> letters = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(config.receivables().dlqTopic()).stream()
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

    /** Every document of the index: id → _source, and id → _version. */
    public Map<String, JsonNode> documents() {
        return search().documents;
    }

    public Map<String, Long> versions() {
        return search().versions;
    }

    private record Hits(Map<String, JsonNode> documents, Map<String, Long> versions) {
    }

    private Hits search() {
        var client = OpenSearchClients.shared(config.opensearch());
        String index = config.receivables().index();
        try {
            try (Response refresh = client.generic().execute(Requests.builder().method("POST").endpoint("/" + index + "/_refresh").build())) {
                // make every write visible
            }
            try (Response response = client.generic().execute(Requests.builder().method("POST")
                    .endpoint("/" + index + "/_search")
                    .json("{\"size\":10000,\"version\":true,\"sort\":[{\"id_recebivel\":\"asc\"}],\"query\":{\"match_all\":{}}}")
                    .build())) {
                JsonNode body = json(response.getBody().map(Body::bodyAsString).orElseThrow());
                Map<String, JsonNode> docs = new TreeMap<>();
                Map<String, Long> versions = new TreeMap<>();
                for (JsonNode hit : body.path("hits").path("hits")) {
                    docs.put(hit.get("_id").asText(), hit.get("_source"));
                    versions.put(hit.get("_id").asText(), hit.get("_version").asLong());
                }
                return new Hits(docs, versions);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every history item: "id_recebivel|evento" → item attributes as text. */
    public Map<String, Map<String, String>> historyItems() {
        var client = DynamoDbClients.shared(config.dynamodb());
        Map<String, Map<String, String>> items = new TreeMap<>();
        Map<String, AttributeValue> start = null;
        do {
            var page = client.scan(ScanRequest.builder().tableName(config.receivables().table()).exclusiveStartKey(start).build());
            for (Map<String, AttributeValue> item : page.items()) {
                Map<String, String> values = new TreeMap<>();
                item.forEach((k, v) -> values.put(k, v.s() != null ? v.s() : v.n()));
                items.put(values.get("id_recebivel") + "|" + values.get("evento"), values);
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return items;
    }

    public static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
