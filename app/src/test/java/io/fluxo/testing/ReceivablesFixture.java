package io.fluxo.testing;

import io.fluxo.sink.opensearch.OpenSearchSettings;
import io.fluxo.sink.dynamodb.DynamoDbSettings;
import io.fluxo.pipeline.receivables.ReceivablesSettings;
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
public final class ReceivablesFixture extends PipelineFixture {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));


    public ReceivablesFixture(String test) {
        this(test, Map.of());
    }

    /** With FLUXO_* overrides of this test's own (a larger payload limit, ...). */
    public ReceivablesFixture(String test, Map<String, String> overrides) {
        super(test);
        Map<String, String> e = new HashMap<>(overrides);
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
        init(e);
        new ReceivablesPipeline().prepare(config);
    }

    public Path checkpoint() {
        return config.checkpoint(ReceivablesPipeline.NAME);
    }

    /** Deletes the checkpoint's last commit file, so that the next drain replays that batch; returns the file. */
    public Path uncommitLastBatch() {
        return uncommitLastBatch(checkpoint());
    }

    /** All committed records of the DLQ topic, as JSON. */
    public List<JsonNode> deadLetters() {
        return records(ReceivablesSettings.of(config).dlqTopic());
    }

    /** Runs the pipeline in this JVM until Kafka is drained. */
    public void drain() {
        ReceivablesPipeline pipeline = new ReceivablesPipeline();
        io.fluxo.pipeline.PipelineRunner.run(() -> pipeline.start(TestSpark.session(), config, true), pipeline,
                Duration.ofMinutes(10), System.out);
    }

    /** Generates and sends events, and returns what the sinks must hold for them. */
    public List<io.fluxo.pipeline.receivables.ReceivableExpectation> produce(
            io.fluxo.pipeline.receivables.ReceivablesOptions options) {
        var producer = new io.fluxo.pipeline.receivables.ReceivablesProducer(config);
        producer.produce(options, 0, io.fluxo.generator.ProgressListener.NONE);
        return producer.expectation();
    }

    /** Checks the live index and table against an expectation, waiting up to 60 s for them to catch up. */
    public io.fluxo.pipeline.receivables.VerifyResult verify(List<io.fluxo.pipeline.receivables.ReceivableExpectation> expected) {
        try (var verifier = io.fluxo.pipeline.receivables.ReceivablesVerifier.create(config)) {
            return verifier.verify(expected, Duration.ofSeconds(60));
        }
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
        var client = OpenSearchClients.shared(OpenSearchSettings.of(config));
        String index = ReceivablesSettings.of(config).index();
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
        var client = DynamoDbClients.shared(DynamoDbSettings.of(config));
        Map<String, Map<String, String>> items = new TreeMap<>();
        Map<String, AttributeValue> start = null;
        do {
            var page = client.scan(ScanRequest.builder().tableName(ReceivablesSettings.of(config).table()).exclusiveStartKey(start).build());
            for (Map<String, AttributeValue> item : page.items()) {
                Map<String, String> values = new TreeMap<>();
                item.forEach((k, v) -> values.put(k, v.s() != null ? v.s() : v.n()));
                items.put(values.get("id_recebivel") + "|" + values.get("evento"), values);
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return items;
    }

}
