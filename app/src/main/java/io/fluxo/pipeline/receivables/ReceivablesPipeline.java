package io.fluxo.pipeline.receivables;

import io.fluxo.sink.opensearch.OpenSearchSettings;
import io.fluxo.sink.dynamodb.DynamoDbSettings;
import io.fluxo.amount.AmountSettings;
import io.fluxo.config.ConfigSection;
import io.fluxo.config.ConfigSource;
import io.fluxo.config.FluxoConfig;
import io.fluxo.config.UserException;
import io.fluxo.dlq.DlqSettings;
import io.fluxo.pipeline.Pipeline;
import io.fluxo.pipeline.PipelineDemo;
import io.fluxo.pipeline.PipelineMetrics;
import io.fluxo.kafka.DataLossAudit;
import io.fluxo.kafka.KafkaSource;
import io.fluxo.kafka.Topics;
import io.fluxo.sink.SinkException;
import io.fluxo.sink.dynamodb.DynamoDbClients;
import io.fluxo.sink.dynamodb.DynamoDbTables;
import io.fluxo.sink.opensearch.OpenSearchClients;
import io.fluxo.sink.opensearch.OpenSearchIndices;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.TimeMode;
import org.apache.spark.sql.streaming.Trigger;

/**
 * The receivables pipeline (DESIGN §1.1): three Kafka topics → parse/validate → per-receivable
 * lifecycle in state → DynamoDB history, OpenSearch lifecycle documents, dead letters.
 */
public final class ReceivablesPipeline implements Pipeline {
    public static final String NAME = "receivables";
    static final String HISTORY_ITEMS = "history_items";
    static final String DOCUMENTS = "documents";
    static final String INCONSISTENT = "inconsistent";
    /** Documents the index refused because it held a newer version (409). */
    static final String STALE_DOCUMENTS = "stale_documents";
    public static final String HISTORY_PARTITION_KEY = "id_recebivel";
    public static final String HISTORY_SORT_KEY = "evento";
    public static final String INDEX_MAPPING = "receivables/lifecycle-index.json";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "card receivables: 3 topics -> lifecycle per receivable -> DynamoDB history, OpenSearch documents";
    }

    @Override
    public List<ConfigSection<?>> configSections() {
        return List.of(ReceivablesSettings.SECTION);
    }

    @Override
    public java.util.Optional<String> deadLetterTopic(FluxoConfig config) {
        return java.util.Optional.of(ReceivablesSettings.of(config).dlqTopic());
    }

    @Override
    public List<StatusField> statusFields() {
        return List.of(new StatusField(HISTORY_ITEMS, "history"), new StatusField(DOCUMENTS, "documents"),
                new StatusField(PipelineMetrics.DEAD_LETTERS, "dead letters"), new StatusField(INCONSISTENT, "inconsistent"),
                new StatusField(STALE_DOCUMENTS, "stale refused"));
    }

    @Override
    public Callable<Integer> produceCommand(ConfigSource configs) {
        return new ReceivablesCommands.Produce(configs);
    }

    @Override
    public Callable<Integer> verifyCommand(ConfigSource configs) {
        return new ReceivablesCommands.Verify(configs);
    }

    @Override
    public List<ExtraCommand> extraCommands(ConfigSource configs) {
        return List.of(new ExtraCommand(null, ReceivablesMaintenance.command(configs)));
    }

    @Override
    public java.util.Optional<io.fluxo.bench.BenchPlan> benchPlan() {
        return java.util.Optional.of(new ReceivablesBenchPlan());
    }

    @Override
    public PipelineDemo demo(FluxoConfig config) {
        return new ReceivablesDemo(config);
    }

    /** Creates what is missing (topics, table, index) and fails fast, with one line, when a server is unreachable. */
    @Override
    public void prepare(FluxoConfig config) {
        ReceivablesSettings r = ReceivablesSettings.of(config);
        Topics.ensure(config.kafka(), List.of(r.agendadosTopic(), r.canceladosTopic(), r.negociadosTopic(), r.dlqTopic()),
                r.partitions());
        DataLossAudit.ensureTopic(config, NAME);
        try {
            if (r.sinkEnabled("dynamodb")) {
                DynamoDbTables.ensure(DynamoDbClients.shared(DynamoDbSettings.of(config)), r.table(), HISTORY_PARTITION_KEY,
                        HISTORY_SORT_KEY, DynamoDbSettings.of(config).endpoint());
            }
            if (r.sinkEnabled("opensearch")) {
                OpenSearchIndices.ensure(OpenSearchClients.shared(OpenSearchSettings.of(config)), r.index(), INDEX_MAPPING,
                        OpenSearchSettings.of(config).url());
            }
        } catch (SinkException e) {
            throw new UserException(e.getMessage(), e);
        }
    }

    static Map<String, EventType> typeByTopic(ReceivablesSettings r) {
        return Map.of(r.agendadosTopic(), EventType.AGENDADO, r.canceladosTopic(), EventType.CANCELADO,
                r.negociadosTopic(), EventType.NEGOCIADO);
    }

    @Override
    public List<Query> queries() {
        return List.of(new Query(NAME, this::start));
    }

    /** Starts the streaming query: continuous, or draining what Kafka holds now and stopping (availableNow). */
    public StreamingQuery start(SparkSession spark, FluxoConfig config, boolean availableNow) {
        ReceivablesSettings r = ReceivablesSettings.of(config);
        Dataset<Row> kafka = KafkaSource.read(spark, config.kafka(), r.topics(), r.startingOffsets(), r.maxOffsetsPerTrigger());

        Dataset<EventRow> parsed = kafka.mapPartitions(
                new ParseRecords(new ReceivableParser(typeByTopic(r), r.maxPayloadBytes(),
                        r.sinks().contains("dynamodb") ? r.maxItemBytes() : 0,
                        AmountSettings.of(config).subCent())), Encoders.bean(EventRow.class));
        Dataset<OutputRow> output = parsed
                .groupByKey((MapFunction<EventRow, String>) EventRow::getGroupKey, Encoders.STRING())
                .transformWithState(new LifecycleProcessor(NAME, r.window().toMillis(), DlqSettings.of(config).maxRawBytes()), TimeMode.ProcessingTime(),
                        OutputMode.Update(), Encoders.bean(OutputRow.class));

        try {
            return output.writeStream()
                    .queryName(NAME)
                    .option("checkpointLocation", config.checkpoint(NAME).toAbsolutePath().toString())
                    .trigger(availableNow ? Trigger.AvailableNow() : Trigger.ProcessingTime(r.window().toMillis()))
                    .foreachBatch(DataLossAudit.audited(NAME, config, new ReceivablesBatchWriter(config)))
                    .start();
        } catch (TimeoutException e) {
            throw new IllegalStateException("Cannot start the receivables query: " + e.getMessage(), e);
        }
    }
}
