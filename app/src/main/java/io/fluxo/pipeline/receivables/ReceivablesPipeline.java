package io.fluxo.pipeline.receivables;

import io.fluxo.config.FluxoConfig;
import io.fluxo.config.UserException;
import io.fluxo.kafka.KafkaSource;
import io.fluxo.kafka.Topics;
import io.fluxo.sink.SinkException;
import io.fluxo.sink.dynamodb.DynamoDbClients;
import io.fluxo.sink.dynamodb.DynamoDbTables;
import io.fluxo.sink.opensearch.OpenSearchClients;
import io.fluxo.sink.opensearch.OpenSearchIndices;
import java.util.List;
import java.util.Map;
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
public final class ReceivablesPipeline {
    public static final String NAME = "receivables";
    public static final String HISTORY_PARTITION_KEY = "id_recebivel";
    public static final String HISTORY_SORT_KEY = "evento";
    public static final String INDEX_MAPPING = "receivables/lifecycle-index.json";

    private final FluxoConfig config;

    public ReceivablesPipeline(FluxoConfig config) {
        this.config = config;
    }

    /** Creates what is missing (topics, table, index) and fails fast, with one line, when a server is unreachable. */
    public void prepare() {
        FluxoConfig.ReceivablesSettings r = config.receivables();
        Topics.ensure(config.kafka(), List.of(r.agendadosTopic(), r.canceladosTopic(), r.negociadosTopic(), r.dlqTopic()),
                r.partitions());
        try {
            if (r.sinkEnabled("dynamodb")) {
                DynamoDbTables.ensure(DynamoDbClients.shared(config.dynamodb()), r.table(), HISTORY_PARTITION_KEY,
                        HISTORY_SORT_KEY, config.dynamodb().endpoint());
            }
            if (r.sinkEnabled("opensearch")) {
                OpenSearchIndices.ensure(OpenSearchClients.shared(config.opensearch()), r.index(), INDEX_MAPPING,
                        config.opensearch().url());
            }
        } catch (SinkException e) {
            throw new UserException(e.getMessage(), e);
        }
    }

    public Map<String, EventType> typeByTopic() {
        FluxoConfig.ReceivablesSettings r = config.receivables();
        return Map.of(r.agendadosTopic(), EventType.AGENDADO, r.canceladosTopic(), EventType.CANCELADO,
                r.negociadosTopic(), EventType.NEGOCIADO);
    }

    public StreamingQuery start(SparkSession spark, boolean availableNow) {
        FluxoConfig.ReceivablesSettings r = config.receivables();
        Dataset<Row> kafka = KafkaSource.read(spark, config.kafka(), r.topics(), r.startingOffsets(), r.maxOffsetsPerTrigger());

        Dataset<EventRow> parsed = kafka.mapPartitions(
                new ParseRecords(new ReceivableParser(typeByTopic(), r.maxPayloadBytes())), Encoders.bean(EventRow.class));
        Dataset<OutputRow> output = parsed
                .groupByKey((MapFunction<EventRow, String>) EventRow::getGroupKey, Encoders.STRING())
                .transformWithState(new LifecycleProcessor(NAME, r.window().toMillis()), TimeMode.ProcessingTime(),
                        OutputMode.Update(), Encoders.bean(OutputRow.class));

        try {
            return output.writeStream()
                    .queryName(NAME)
                    .option("checkpointLocation", config.checkpointDir().resolve(NAME).toAbsolutePath().toString())
                    .trigger(availableNow ? Trigger.AvailableNow() : Trigger.ProcessingTime(r.window().toMillis()))
                    .foreachBatch(new ReceivablesBatchWriter(config))
                    .start();
        } catch (TimeoutException e) {
            throw new IllegalStateException("Cannot start the receivables query: " + e.getMessage(), e);
        }
    }
}
