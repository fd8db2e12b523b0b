package io.fluxo.pipeline.transactions;

import io.fluxo.banking.RejectReason;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fluxo.config.FluxoConfig;
import io.fluxo.config.FluxoConfig.KafkaSettings;
import io.fluxo.dlq.DeadLetter;
import io.fluxo.dlq.DlqSettings;
import io.fluxo.pipeline.FaultPoint;
import io.fluxo.pipeline.PipelineMetrics;
import io.fluxo.sink.RetryBudget;
import io.fluxo.sink.SinkException;
import io.fluxo.sink.kafka.KafkaFencedSink;
import io.fluxo.sink.kafka.KafkaSinkSettings;
import io.fluxo.sink.postgres.PostgresSettings;
import io.fluxo.sink.postgres.PostgresSink;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
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
 *
 * <p>A transaction whose row PostgreSQL refuses for good (a value it cannot store) is not written, nor its alert
 * (they stand or fall together), and goes to the DLQ as SINK_REJECTED in the same Kafka transaction as the
 * partition's other records; the rest of the batch is written. Its verdict stands: the payer was debited in state
 * and its credit and fraud alert are sent as for any other transaction. The PostgreSQL sink keeps its refusals with
 * its fence, so a replay sends the same letters, once.
 */
final class TransactionsBatchWriter implements VoidFunction2<Dataset<TxOutputRow>, Long> {
    private static final String QUERY_ID_PROPERTY = "sql.streaming.queryId";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Comparator<TxOutputRow> STABLE = Comparator.comparing(TxOutputRow::getKind)
            .thenComparing(TxOutputRow::getId);

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
        RetryBudget kafkaRetry = KafkaSinkSettings.of(config).retry();
        LongAccumulator decided = sc.longAccumulator("transactions");
        LongAccumulator alerts = sc.longAccumulator("alerts");
        LongAccumulator deadLetters = sc.longAccumulator("dead-letters");
        LongAccumulator refused = sc.longAccumulator("sink-rejected");
        int maxRawBytes = DlqSettings.of(config).maxRawBytes();
        long id = batchId;

        batch.foreachPartition((ForeachPartitionFunction<TxOutputRow>) rows -> {
            String fence = fenceId(queryId, TaskContext.getPartitionId());
            List<TxOutputRow> sorted = new ArrayList<>();
            rows.forEachRemaining(sorted::add);
            sorted.sort(STABLE);
            List<TxOutputRow> transactions = new ArrayList<>();
            List<KafkaFencedSink.Record> records = new ArrayList<>();
            Map<KafkaFencedSink.Record, TxOutputRow> sourceOf = new IdentityHashMap<>();
            for (TxOutputRow row : sorted) {
                KafkaFencedSink.Record record = switch (row.getKind()) {
                    case TxOutputRow.TRANSACTION -> null;
                    case TxOutputRow.ALERT -> new KafkaFencedSink.Record(settings.alertsTopic(), row.getKafkaKey(), row.getJson());
                    case TxOutputRow.CREDIT -> new KafkaFencedSink.Record(settings.ledgerTopic(), row.getKafkaKey(), row.getJson());
                    case TxOutputRow.DEAD_LETTER -> new KafkaFencedSink.Record(settings.dlqTopic(), row.getKafkaKey(), row.getJson());
                    default -> throw new IllegalStateException("Unknown output kind " + row.getKind());
                };
                if (record == null) {
                    transactions.add(row);
                } else {
                    records.add(record);
                    sourceOf.put(record, row);
                    alerts.add(TxOutputRow.ALERT.equals(row.getKind()) ? 1 : 0);
                    deadLetters.add(TxOutputRow.DEAD_LETTER.equals(row.getKind()) ? 1 : 0);
                }
            }
            if (postgres != null && !transactions.isEmpty()) {
                Map<PostgresSink.Row, TxOutputRow> byRow = new IdentityHashMap<>();
                List<List<PostgresSink.Row>> units = new ArrayList<>(transactions.size());
                for (TxOutputRow t : transactions) {
                    List<PostgresSink.Row> unit = TransactionsTables.rowsOf(t);
                    byRow.put(unit.get(0), t);
                    units.add(unit);
                }
                for (PostgresSink.Refusal r : new PostgresSink(postgres, fence).writeAll(id, units).refused()) {
                    records.add(sinkRejected(settings.dlqTopic(), byRow.get(r.rows().get(0)), r, maxRawBytes));
                    deadLetters.add(1);
                    refused.add(1);
                }
                FaultPoint.haltIfArmed(FaultPoint.AFTER_POSTGRES, id);
            }
            List<KafkaFencedSink.Refused> tooLarge = KafkaFencedSink.shared(kafka, kafkaRetry, settings.dlqTopic(),
                            TransactionProcessor.PIPELINE, fence)
                    .write(id, records, r -> kafkaRejected(settings.dlqTopic(), sourceOf.get(r.record()), r, maxRawBytes));
            for (KafkaFencedSink.Refused r : tooLarge) {
                // In its place went its dead letter.
                alerts.add(TxOutputRow.ALERT.equals(sourceOf.get(r.record()).getKind()) ? -1 : 0);
                deadLetters.add(1);
            }
            decided.add(transactions.size());
        });

        PipelineMetrics metrics = PipelineMetrics.of(TransactionProcessor.PIPELINE);
        metrics.add(TransactionsPipeline.TRANSACTIONS_DECIDED, decided.value());
        metrics.add(TransactionsPipeline.TRANSACTIONS_WRITTEN, postgres != null ? decided.value() - refused.value() : 0);
        metrics.add(TransactionsPipeline.FRAUD_ALERTS, alerts.value());
        metrics.add(PipelineMetrics.DEAD_LETTERS, deadLetters.value());
        metrics.batchWritten(System.currentTimeMillis() - started);
    }

    /**
     * The dead letter of a transaction PostgreSQL refused: at the transaction's place in Kafka, keyed by its id, the
     * refused rows (by table, column by column) as its raw value, and the server's message with the verdict that
     * stands. Not for {@code fluxo replay}: the transaction was decided (and debited) already.
     */
    static KafkaFencedSink.Record sinkRejected(String dlqTopic, TxOutputRow t, PostgresSink.Refusal r, int maxRawBytes) {
        ObjectNode value = JSON.createObjectNode();
        for (PostgresSink.Row row : r.rows()) {
            ObjectNode columns = value.putObject(row.table().table());
            for (int i = 0; i < row.values().size(); i++) {
                put(columns, row.table().columns().get(i), row.values().get(i));
            }
        }
        String tables = String.join(" and ", r.rows().stream().map(row -> row.table().table()).toList());
        // The id in full is the letter's key; cut here so that the server's message fits the letter's error.
        String id = DeadLetter.cut(t.getId(), 100);
        String error = "PostgreSQL refused transaction " + id + " (" + r.sqlState() + " " + r.message()
                + "): not written to " + tables + ". The verdict stands (" + (t.isAprovada() ? "approved: the payer was"
                + " debited and the receiver's credit sent" : "refused as " + t.getMotivo()) + ")";
        DeadLetter letter = new DeadLetter(TransactionProcessor.PIPELINE, RejectReason.SINK_REJECTED.name(), error,
                t.getTopic(), t.getPartition(), t.getOffset(), t.getId().getBytes(StandardCharsets.UTF_8),
                value.toString().getBytes(StandardCharsets.UTF_8), t.getProcessadoEm(), t.getProcessadoEm());
        return new KafkaFencedSink.Record(dlqTopic, letter.sourceId(), letter.toJson(maxRawBytes));
    }

    /**
     * The dead letter of an alert, a credit or a letter that Kafka would refuse for its size: at the transaction's
     * place in Kafka, keyed by its id, the refused record as its raw value (cut at the DLQ's cap, its length and
     * SHA-256 kept). The verdict in PostgreSQL stands; the record is not in its topic.
     */
    static KafkaFencedSink.Record kafkaRejected(String dlqTopic, TxOutputRow t, KafkaFencedSink.Refused r, int maxRawBytes) {
        if (t == null || TxOutputRow.DEAD_LETTER.equals(t.getKind())) {
            throw new SinkException(r.message() + ": a dead letter, which has no other place to go (refused, not"
                    + " retried). Raise the topic's max.message.bytes, or lower fluxo.dlq.max-raw-bytes");
        }
        String what = switch (t.getKind()) {
            case TxOutputRow.ALERT -> "the fraud alert";
            default -> "the ledger credit";
        };
        String error = "Kafka refused " + what + " of transaction " + DeadLetter.cut(t.getId(), 100) + " for " + r.record().topic()
                + ": " + r.size() + " bytes, over the limit of " + r.limit() + " bytes (max.request.size, or the topic's"
                + " max.message.bytes). The verdict stands (" + (t.isAprovada() ? "approved" : "refused as " + t.getMotivo())
                + ")";
        DeadLetter letter = new DeadLetter(TransactionProcessor.PIPELINE, RejectReason.SINK_REJECTED.name(), error,
                t.getTopic(), t.getPartition(), t.getOffset(), t.getId().getBytes(StandardCharsets.UTF_8),
                r.record().value().getBytes(StandardCharsets.UTF_8), t.getProcessadoEm(), t.getProcessadoEm());
        return new KafkaFencedSink.Record(dlqTopic, letter.sourceId(), letter.toJson(maxRawBytes));
    }

    private static void put(ObjectNode json, String field, Object v) {
        if (v == null) {
            json.putNull(field);
        } else if (v instanceof BigDecimal d) {
            json.put(field, d);
        } else if (v instanceof Boolean b) {
            json.put(field, b);
        } else if (v instanceof Integer n) {
            json.put(field, n);
        } else if (v instanceof Long n) {
            json.put(field, n);
        } else {
            json.put(field, v.toString());
        }
    }
}
