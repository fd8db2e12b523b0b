package io.fluxo.pipeline.receivables;

import io.fluxo.config.FluxoConfig;
import io.fluxo.generator.ProgressListener;
import io.fluxo.pipeline.PipelineDemo;
import io.fluxo.sink.dynamodb.DynamoDbSettings;
import io.fluxo.sink.opensearch.OpenSearchSettings;
import java.util.List;

/** The demo's receivables: a generator with a few over-allocated receivables, and where the documents are. */
final class ReceivablesDemo implements PipelineDemo {
    static final double OVER_ALLOCATION_RATE = 0.02;

    private final FluxoConfig config;
    private final ReceivablesProducer producer;

    ReceivablesDemo(FluxoConfig config) {
        this.config = config;
        this.producer = new ReceivablesProducer(config);
    }

    @Override
    public void startGenerator(double eventsPerSecond) {
        Thread generator = new Thread(() -> producer.produce(
                ReceivablesOptions.continuous().withOverAllocationRate(OVER_ALLOCATION_RATE), eventsPerSecond,
                ProgressListener.NONE, false), "fluxo-demo-generator-receivables");
        generator.setDaemon(true);
        generator.start();
    }

    @Override
    public void stopGenerator() {
        producer.stop();
    }

    @Override
    public List<String> whereToLook() {
        ReceivablesSettings r = ReceivablesSettings.of(config);
        String os = OpenSearchSettings.of(config).url();
        String dynamo = DynamoDbSettings.of(config).endpoint();
        return List.of(
                "lifecycle documents  curl '" + os + "/" + r.index() + "/_search?pretty&size=3&sort=atualizado_em:desc'",
                "by situacao          curl '" + os + "/" + r.index() + "/_search?pretty&size=0' -H 'Content-Type:"
                        + " application/json' -d '{\"aggs\":{\"s\":{\"terms\":{\"field\":\"situacao\"}}}}'",
                "event history        DynamoDB table " + r.table() + " at " + dynamo + " (aws dynamodb scan --table-name "
                        + r.table() + " --endpoint-url " + dynamo + " --max-items 5)",
                "dead letters         Kafka topic " + r.dlqTopic() + " at " + config.kafka().bootstrapServers(),
                "input topics         " + String.join(", ", r.topics()),
                "window               " + r.window().toMillis() / 1000.0 + " s (documents update once per window)");
    }
}
