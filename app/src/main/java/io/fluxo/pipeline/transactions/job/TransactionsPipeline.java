package io.fluxo.pipeline.transactions.job;

import io.fluxo.config.FluxoConfig;
import io.fluxo.config.TransactionsSettings;
import io.fluxo.config.UserException;
import io.fluxo.kafka.KafkaSource;
import io.fluxo.kafka.Topics;
import io.fluxo.pipeline.transactions.BankTransactionAvro;
import io.fluxo.pipeline.transactions.TransactionParser;
import io.fluxo.sink.SinkException;
import io.fluxo.sink.postgres.PostgresDataSources;
import io.fluxo.sink.postgres.Schema;
import java.nio.file.Path;
import java.util.List;
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
 * The transactions pipeline (DESIGN §1.2): bank_transactions (+ its own ledger of credits) → parse and
 * validate → per-user balance and profile in state → verdict and risk score → PostgreSQL transacoes and
 * alertas_fraude, Kafka fraud-alerts, ledger credits and dead letters.
 */
public final class TransactionsPipeline {
    public static final String NAME = TransactionProcessor.PIPELINE;

    private final FluxoConfig config;

    public TransactionsPipeline(FluxoConfig config) {
        this.config = config;
    }

    /** Creates what is missing (topics, schema) and fails fast, with one line, when a server is unreachable. */
    public void prepare() {
        TransactionsSettings t = config.transactions();
        Topics.ensure(config.kafka(), List.of(t.topic(), t.ledgerTopic(), t.dlqTopic(), t.alertsTopic()), t.partitions());
        if (t.postgresSink()) {
            try {
                Schema.migrate(PostgresDataSources.shared(config.postgres()));
            } catch (SinkException e) {
                throw new UserException(e.getMessage(), e);
            }
        }
    }

    TransactionParser parser() {
        TransactionsSettings t = config.transactions();
        if (t.format().equals("avro")) {
            String schema = t.avroSchemaFile().isEmpty() ? BankTransactionAvro.defaultSchemaText()
                    : BankTransactionAvro.readSchemaFile(Path.of(t.avroSchemaFile()));
            return TransactionParser.avro(t.maxPayloadBytes(), schema, null);
        }
        return TransactionParser.json(t.maxPayloadBytes());
    }

    public StreamingQuery start(SparkSession spark, boolean availableNow) {
        TransactionsSettings t = config.transactions();
        Dataset<Row> kafka = KafkaSource.read(spark, config.kafka(), t.inputTopics(), t.startingOffsets(), t.maxOffsetsPerTrigger());
        Dataset<TxInputRow> parsed = kafka.mapPartitions(new ParseTransactions(parser(), t.ledgerTopic()),
                Encoders.bean(TxInputRow.class));
        Dataset<TxOutputRow> output = parsed
                .groupByKey((MapFunction<TxInputRow, String>) TxInputRow::getGroupKey, Encoders.STRING())
                .transformWithState(new TransactionProcessor(t.weights(), t.rememberIds(), new UsuariosLookup(config.postgres())),
                        TimeMode.ProcessingTime(), OutputMode.Update(), Encoders.bean(TxOutputRow.class));
        try {
            return output.writeStream()
                    .queryName(NAME)
                    .option("checkpointLocation", config.checkpointDir().resolve(NAME).toAbsolutePath().toString())
                    .trigger(availableNow ? Trigger.AvailableNow() : Trigger.ProcessingTime(t.window().toMillis()))
                    .foreachBatch(new TransactionsBatchWriter(config))
                    .start();
        } catch (TimeoutException e) {
            throw new IllegalStateException("Cannot start the transactions query: " + e.getMessage(), e);
        }
    }
}
