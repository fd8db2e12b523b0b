package io.fluxo.pipeline.transactions;

import io.fluxo.sink.postgres.PostgresSettings;
import io.fluxo.config.FluxoConfig;
import io.fluxo.pipeline.PipelineMetrics;
import io.fluxo.sink.kafka.KafkaFencedSink;
import io.fluxo.sink.postgres.PostgresSink;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;

/**
 * Writes one micro-batch: transactions and alerts to PostgreSQL (one transaction with the fence row),
 * then dead letters, fraud alerts and ledger credits to Kafka (one transaction with the Kafka fence).
 * Each sink skips a batch it already holds, so a replay after a crash between the two is safe.
 */
final class TransactionsBatchWriter implements VoidFunction2<Dataset<TxOutputRow>, Long> {
    private static final String QUERY_ID_PROPERTY = "sql.streaming.queryId";
    private static final Comparator<TxOutputRow> STABLE = Comparator.comparing(TxOutputRow::getKind)
            .thenComparing(TxOutputRow::getId);

    private final FluxoConfig config;
    private transient KafkaFencedSink kafka;

    TransactionsBatchWriter(FluxoConfig config) {
        this.config = config;
    }

    @Override
    public void call(Dataset<TxOutputRow> batch, Long batchId) {
        long started = System.currentTimeMillis();
        String queryId = batch.sparkSession().sparkContext().getLocalProperty(QUERY_ID_PROPERTY);
        List<TxOutputRow> rows = batch.collectAsList();
        TransactionsSettings settings = TransactionsSettings.of(config);
        List<TxOutputRow> transactions = new ArrayList<>();
        List<KafkaFencedSink.Record> records = new ArrayList<>();
        long alerts = 0;
        long deadLetters = 0;
        List<TxOutputRow> sorted = new ArrayList<>(rows);
        sorted.sort(STABLE);
        for (TxOutputRow row : sorted) {
            switch (row.getKind()) {
                case TxOutputRow.TRANSACTION -> transactions.add(row);
                case TxOutputRow.ALERT -> {
                    records.add(new KafkaFencedSink.Record(settings.alertsTopic(), row.getKafkaKey(), row.getJson()));
                    alerts++;
                }
                case TxOutputRow.CREDIT -> records.add(new KafkaFencedSink.Record(settings.ledgerTopic(), row.getKafkaKey(), row.getJson()));
                case TxOutputRow.DEAD_LETTER -> {
                    records.add(new KafkaFencedSink.Record(settings.dlqTopic(), row.getKafkaKey(), row.getJson()));
                    deadLetters++;
                }
                default -> throw new IllegalStateException("Unknown output kind " + row.getKind());
            }
        }
        if (settings.postgresSink() && !transactions.isEmpty()) {
            new PostgresSink(PostgresSettings.of(config), queryId).write(batchId,
                    TransactionsTables.rows(transactions).iterator());
        }
        if (!records.isEmpty()) {
            if (kafka == null) {
                kafka = new KafkaFencedSink(config.kafka(), settings.dlqTopic(), TransactionProcessor.PIPELINE, queryId);
            }
            kafka.write(batchId, records.iterator());
        }
        PipelineMetrics metrics = PipelineMetrics.of(TransactionProcessor.PIPELINE);
        metrics.add(TransactionsPipeline.TRANSACTIONS_DECIDED, transactions.size());
        metrics.add(TransactionsPipeline.TRANSACTIONS_WRITTEN, settings.postgresSink() ? transactions.size() : 0);
        metrics.add(TransactionsPipeline.FRAUD_ALERTS, alerts);
        metrics.add(PipelineMetrics.DEAD_LETTERS, deadLetters);
        metrics.batchWritten(System.currentTimeMillis() - started);
    }
}
