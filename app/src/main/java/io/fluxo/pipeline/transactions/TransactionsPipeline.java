package io.fluxo.pipeline.transactions;

import io.fluxo.amount.AmountSettings;
import io.fluxo.banking.TransactionParser;
import io.fluxo.config.ConfigSection;
import io.fluxo.config.ConfigSource;
import io.fluxo.config.FluxoConfig;
import io.fluxo.config.UserException;
import io.fluxo.dlq.DlqSettings;
import io.fluxo.kafka.DataLossAudit;
import io.fluxo.kafka.KafkaSource;
import io.fluxo.kafka.Topics;
import io.fluxo.pipeline.Pipeline;
import io.fluxo.pipeline.PipelineDemo;
import io.fluxo.pipeline.PipelineMetrics;
import io.fluxo.sink.SinkException;
import io.fluxo.sink.postgres.PostgresDataSources;
import io.fluxo.sink.postgres.PostgresSettings;
import io.fluxo.sink.postgres.Schema;
import java.util.List;
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
 * The transactions pipeline (DESIGN §1.2): bank_transactions (+ its own ledger of credits) → parse and
 * validate → per-user balance and profile in state → verdict and risk score → PostgreSQL transacoes and
 * alertas_fraude, Kafka fraud-alerts, ledger credits and dead letters.
 */
public final class TransactionsPipeline implements Pipeline {
    public static final String NAME = TransactionProcessor.PIPELINE;
    /** Transactions given a verdict, whether or not a sink is on. */
    static final String TRANSACTIONS_DECIDED = "transactions_decided";
    static final String TRANSACTIONS_WRITTEN = "transactions_written";
    static final String FRAUD_ALERTS = "fraud_alerts";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "bank transactions: verdict and risk score per payment -> PostgreSQL, fraud alerts -> PostgreSQL + Kafka";
    }

    @Override
    public List<ConfigSection<?>> configSections() {
        return List.of(TransactionsSettings.SECTION);
    }

    @Override
    public java.util.Optional<String> deadLetterTopic(FluxoConfig config) {
        return java.util.Optional.of(TransactionsSettings.of(config).dlqTopic());
    }

    @Override
    public List<StatusField> statusFields() {
        return List.of(new StatusField(TRANSACTIONS_WRITTEN, "transactions written"),
                new StatusField(FRAUD_ALERTS, "fraud alerts"), new StatusField(PipelineMetrics.DEAD_LETTERS, "dead letters"));
    }

    @Override
    public Callable<Integer> produceCommand(ConfigSource configs) {
        return new TransactionsCommands.Produce(configs);
    }

    @Override
    public Callable<Integer> verifyCommand(ConfigSource configs) {
        return new TransactionsCommands.Verify(configs);
    }

    @Override
    public List<ExtraCommand> extraCommands(ConfigSource configs) {
        return List.of(new ExtraCommand("seed", new SeedUsers(configs)));
    }

    @Override
    public java.util.Optional<io.fluxo.bench.BenchPlan> benchPlan() {
        return java.util.Optional.of(new TransactionsBenchPlan());
    }

    /** JSON transactions, 2 % fraud-like, paid by the default users of {@code seed users}. */
    @Override
    public java.util.Optional<Generator> generator() {
        return java.util.Optional.of((config, topic, partitions, count, seed, rate, progress) ->
                new TransactionsProducer(config.kafka().clientProperties(), topic, partitions,
                        TransactionsSettings.of(config).weights())
                        .produce(new TransactionsOptions(seed, count, TransactionsOptions.DEFAULT_FRAUD_RATE,
                                io.fluxo.banking.PayloadFormat.JSON, TransactionsOptions.DEFAULT_USERS,
                                TransactionsOptions.DEFAULT_SEED), rate, progress, false));
    }

    @Override
    public PipelineDemo demo(FluxoConfig config) {
        return new TransactionsDemo(config);
    }

    /** Creates what is missing (topics, schema) and fails fast, with one line, when a server is unreachable. */
    @Override
    public void prepare(FluxoConfig config) {
        TransactionsSettings t = TransactionsSettings.of(config);
        Topics.ensure(config.kafka(), List.of(t.topic(), t.ledgerTopic(), t.dlqTopic(), t.alertsTopic()), t.partitions());
        DataLossAudit.ensureTopic(config, NAME);
        if (t.postgresSink()) {
            try {
                Schema.migrate(PostgresDataSources.shared(PostgresSettings.of(config)));
            } catch (SinkException e) {
                throw new UserException(e.getMessage(), e);
            }
        }
    }

    static TransactionParser parser(FluxoConfig config) {
        TransactionsSettings t = TransactionsSettings.of(config);
        return TransactionParser.of(t.format(), t.avroSchemaFile(), t.maxPayloadBytes(), t.maxIdBytes(),
                AmountSettings.of(config).subCent());
    }


    @Override
    public List<Query> queries() {
        return List.of(new Query(NAME, this::start));
    }

    /** Starts the streaming query: continuous, or draining what Kafka holds now and stopping (availableNow). */
    public StreamingQuery start(SparkSession spark, FluxoConfig config, boolean availableNow) {
        TransactionsSettings t = TransactionsSettings.of(config);
        Dataset<Row> kafka = KafkaSource.read(spark, config.kafka(), t.inputTopics(), t.startingOffsets(), t.maxOffsetsPerTrigger());
        Dataset<TxInputRow> parsed = kafka.mapPartitions(new ParseTransactions(parser(config), t.ledgerTopic()),
                Encoders.bean(TxInputRow.class));
        Dataset<TxOutputRow> output = parsed
                .groupByKey((MapFunction<TxInputRow, String>) TxInputRow::getGroupKey, Encoders.STRING())
                .transformWithState(new TransactionProcessor(t.weights(), t.rememberIds(), new UsuariosLookup(PostgresSettings.of(config)),
                        DlqSettings.of(config).maxRawBytes()),
                        TimeMode.ProcessingTime(), OutputMode.Update(), Encoders.bean(TxOutputRow.class));
        try {
            return output.writeStream()
                    .queryName(NAME)
                    .option("checkpointLocation", config.checkpoint(NAME).toAbsolutePath().toString())
                    .trigger(availableNow ? Trigger.AvailableNow() : Trigger.ProcessingTime(t.window().toMillis()))
                    .foreachBatch(DataLossAudit.audited(NAME, config, new TransactionsBatchWriter(config)))
                    .start();
        } catch (TimeoutException e) {
            throw new IllegalStateException("Cannot start the transactions query: " + e.getMessage(), e);
        }
    }
}
