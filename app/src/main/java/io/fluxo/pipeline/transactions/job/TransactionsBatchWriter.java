package io.fluxo.pipeline.transactions.job;

import io.fluxo.config.FluxoConfig;
import io.fluxo.config.TransactionsSettings;
import io.fluxo.pipeline.PipelineStats;
import io.fluxo.sink.kafka.KafkaFencedSink;
import io.fluxo.sink.postgres.TransactionsPostgresSink;
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
        TransactionsSettings settings = config.transactions();
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
            new TransactionsPostgresSink(config.postgres(), queryId).write(batchId, transactions.iterator());
        }
        if (!records.isEmpty()) {
            if (kafka == null) {
                kafka = new KafkaFencedSink(config.kafka(), settings.dlqTopic(), TransactionProcessor.PIPELINE, queryId);
            }
            kafka.write(batchId, records.iterator());
        }
        PipelineStats stats = PipelineStats.of(TransactionProcessor.PIPELINE);
        stats.batches.incrementAndGet();
        stats.documents.addAndGet(transactions.size());
        stats.deadLetters.addAndGet(deadLetters);
        stats.inconsistent.addAndGet(alerts);
        stats.lastBatchMillis.set(System.currentTimeMillis() - started);
    }
}
