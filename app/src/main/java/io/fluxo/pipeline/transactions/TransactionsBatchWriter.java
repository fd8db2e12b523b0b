package io.fluxo.pipeline.transactions;

import io.fluxo.config.FluxoConfig;
import io.fluxo.config.FluxoConfig.KafkaSettings;
import io.fluxo.pipeline.PipelineMetrics;
import io.fluxo.sink.kafka.KafkaFencedSink;
import io.fluxo.sink.postgres.PostgresSettings;
import io.fluxo.sink.postgres.PostgresSink;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.ForeachPartitionFunction;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.util.LongAccumulator;

/**
 * Writes one micro-batch where its rows are, one Spark partition at a time, so no batch is ever collected on
 * the driver: each partition writes its transactions and alerts to PostgreSQL (one transaction with the fence
 * row of (query id/partition, batch id)), then its dead letters, fraud alerts and ledger credits to Kafka (one
 * transaction with the Kafka fence of the same partition). The stateful step's output is partitioned by payer,
 * the same way on every attempt, so each fence skips exactly what an earlier attempt of its partition wrote:
 * a replay after a crash between two partitions, or between the two sinks, applies nothing twice.
 */
final class TransactionsBatchWriter implements VoidFunction2<Dataset<TxOutputRow>, Long> {
    private static final String QUERY_ID_PROPERTY = "sql.streaming.queryId";
    private static final Comparator<TxOutputRow> STABLE = Comparator.comparing(TxOutputRow::getKind)
            .thenComparing(TxOutputRow::getId);

    /**
     * Fault-injection point, for TransactionsFaultsIT only: with {@code -Dfluxo.fault.halt-after-postgres-batch=N}
     * the JVM halts (exit code {@value #HALT_EXIT_CODE}, no shutdown hooks) right after a partition has committed
     * batch N to PostgreSQL and before it writes that batch to Kafka: a crash between the two sinks. Unset, nothing.
     */
    static final String HALT_AFTER_POSTGRES_BATCH = "fluxo.fault.halt-after-postgres-batch";
    static final int HALT_EXIT_CODE = 86;

    private final FluxoConfig config;

    TransactionsBatchWriter(FluxoConfig config) {
        this.config = config;
    }

    /** The fence id of one partition of a query: the PostgreSQL fence row's query_id and the Kafka fence's suffix. */
    static String fenceId(String queryId, int partition) {
        return queryId + ".p" + partition;
    }

    @Override
    public void call(Dataset<TxOutputRow> batch, Long batchId) {
        long started = System.currentTimeMillis();
        var sc = batch.sparkSession().sparkContext();
        String queryId = sc.getLocalProperty(QUERY_ID_PROPERTY);
        TransactionsSettings settings = TransactionsSettings.of(config);
        PostgresSettings postgres = settings.postgresSink() ? PostgresSettings.of(config) : null;
        KafkaSettings kafka = config.kafka();
        LongAccumulator decided = sc.longAccumulator("transactions");
        LongAccumulator alerts = sc.longAccumulator("alerts");
        LongAccumulator deadLetters = sc.longAccumulator("dead-letters");
        long id = batchId;

        batch.foreachPartition((ForeachPartitionFunction<TxOutputRow>) rows -> {
            String fence = fenceId(queryId, TaskContext.getPartitionId());
            List<TxOutputRow> sorted = new ArrayList<>();
            rows.forEachRemaining(sorted::add);
            sorted.sort(STABLE);
            List<TxOutputRow> transactions = new ArrayList<>();
            List<KafkaFencedSink.Record> records = new ArrayList<>();
            for (TxOutputRow row : sorted) {
                switch (row.getKind()) {
                    case TxOutputRow.TRANSACTION -> transactions.add(row);
                    case TxOutputRow.ALERT -> {
                        records.add(new KafkaFencedSink.Record(settings.alertsTopic(), row.getKafkaKey(), row.getJson()));
                        alerts.add(1);
                    }
                    case TxOutputRow.CREDIT -> records.add(
                            new KafkaFencedSink.Record(settings.ledgerTopic(), row.getKafkaKey(), row.getJson()));
                    case TxOutputRow.DEAD_LETTER -> {
                        records.add(new KafkaFencedSink.Record(settings.dlqTopic(), row.getKafkaKey(), row.getJson()));
                        deadLetters.add(1);
                    }
                    default -> throw new IllegalStateException("Unknown output kind " + row.getKind());
                }
            }
            if (postgres != null && !transactions.isEmpty()) {
                new PostgresSink(postgres, fence).write(id, TransactionsTables.rows(transactions).iterator());
                if (id == Long.getLong(HALT_AFTER_POSTGRES_BATCH, -1L)) {
                    Runtime.getRuntime().halt(HALT_EXIT_CODE);
                }
            }
            if (!records.isEmpty()) {
                KafkaFencedSink.shared(kafka, settings.dlqTopic(), TransactionProcessor.PIPELINE, fence)
                        .write(id, records.iterator());
            }
            decided.add(transactions.size());
        });

        PipelineMetrics metrics = PipelineMetrics.of(TransactionProcessor.PIPELINE);
        metrics.add(TransactionsPipeline.TRANSACTIONS_DECIDED, decided.value());
        metrics.add(TransactionsPipeline.TRANSACTIONS_WRITTEN, postgres != null ? decided.value() : 0);
        metrics.add(TransactionsPipeline.FRAUD_ALERTS, alerts.value());
        metrics.add(PipelineMetrics.DEAD_LETTERS, deadLetters.value());
        metrics.batchWritten(System.currentTimeMillis() - started);
    }
}
