package io.fluxo.pipeline.medallion;

import io.fluxo.amount.AmountSettings;
import io.fluxo.bench.BenchPlan;
import io.fluxo.config.ConfigSection;
import io.fluxo.config.ConfigSource;
import io.fluxo.config.FluxoConfig;
import io.fluxo.config.UserException;
import io.fluxo.kafka.DataLossAudit;
import io.fluxo.kafka.Topics;
import io.fluxo.pipeline.Pipeline;
import io.fluxo.pipeline.PipelineDemo;
import io.fluxo.pipeline.PipelineRegistry;
import io.fluxo.sink.SinkException;
import io.fluxo.sink.delta.DeltaLake;
import io.fluxo.sink.delta.S3Settings;
import io.fluxo.sink.postgres.PostgresDataSources;
import io.fluxo.sink.postgres.PostgresSettings;
import io.fluxo.sink.postgres.Schema;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * The medallion pipeline (DESIGN §1.3): bank_transactions → bronze (every record as received) → silver (parsed
 * with the transactions rules, typed, deduplicated; the invalid in silver/quarantine) → gold per minute × region ×
 * modality, in Delta and in PostgreSQL gold_transacoes_minuto. Three streaming queries, each with its own checkpoint
 * under {@code fluxo.medallion.checkpoint-dir}; the lake is a local path or s3a://.
 */
public final class MedallionPipeline implements Pipeline {
    /** The pipeline whose generator writes what the medallion reads (bank_transactions). */
    static final String PRODUCER = "transactions";

    @Override
    public String name() {
        return MedallionCounters.PIPELINE;
    }

    @Override
    public String description() {
        return "bank transactions into a Delta lake: bronze as received -> silver parsed, deduplicated (invalid in"
                + " quarantine) -> gold per minute, region and modality -> PostgreSQL gold_transacoes_minuto";
    }

    @Override
    public List<ConfigSection<?>> configSections() {
        return List.of(MedallionSettings.SECTION);
    }

    /**
     * Creates the topic when missing, the audit topic, the lake's bucket on S3, and the gold table in PostgreSQL (unless
     * {@code medallion.sinks} is none).
     */
    @Override
    public void prepare(FluxoConfig config) {
        MedallionSettings m = MedallionSettings.of(config);
        Topics.ensure(config.kafka(), List.of(m.topic()), m.partitions());
        DataLossAudit.ensureTopic(config, name());
        DeltaLake.prepare(m.lake(), S3Settings.of(config));
        if (!m.postgresSink()) {
            return;
        }
        try {
            Schema.migrate(PostgresDataSources.shared(PostgresSettings.of(config)));
        } catch (SinkException e) {
            throw new UserException(e.getMessage(), e);
        }
    }

    @Override
    public List<Query> queries() {
        return List.of(
                new Query("bronze", (spark, config, availableNow) -> {
                    MedallionSettings m = MedallionSettings.of(config);
                    MedallionTables.create(spark, m.lake());
                    return BronzeQuery.start(spark, config, m, availableNow);
                }),
                new Query("silver", (spark, config, availableNow) -> {
                    MedallionSettings m = MedallionSettings.of(config);
                    return DeltaStage.silver(spark, m, m.parser(AmountSettings.of(config).subCent()), availableNow);
                }),
                new Query("gold", (spark, config, availableNow) -> DeltaStage.gold(spark, MedallionSettings.of(config),
                        PostgresSettings.of(config), availableNow)));
    }

    /** None: the records silver refuses are in the Delta table silver/quarantine, with reason and bronze coordinates. */
    @Override
    public Optional<String> deadLetterTopic(FluxoConfig config) {
        return Optional.empty();
    }

    /** Its event-time queries run every {@code trigger}; their windows are in event time. */
    @Override
    public String triggerSetting() {
        return "trigger";
    }

    @Override
    public List<StatusField> statusFields() {
        return List.of(new StatusField(MedallionCounters.SILVER_ROWS, "silver rows"),
                new StatusField(MedallionCounters.DUPLICATES, "duplicates"),
                new StatusField(MedallionCounters.QUARANTINED, "quarantined"),
                new StatusField(MedallionCounters.GOLD_ROWS, "gold rows written"),
                new StatusField(MedallionCounters.LATE, "late"),
                new StatusField(MedallionCounters.REFUSED, "refused by PostgreSQL"));
    }

    /**
     * {@code fluxo produce medallion} is {@code fluxo produce transactions}: the medallion reads the transactions
     * pipeline's topic, and that generator's --expect file holds what the medallion must hold too.
     */
    @Override
    public Callable<Integer> produceCommand(ConfigSource configs) {
        return PipelineRegistry.get(PRODUCER).produceCommand(configs);
    }

    @Override
    public Callable<Integer> verifyCommand(ConfigSource configs) {
        return new MedallionCommands.Verify(configs);
    }

    @Override
    public List<ExtraCommand> extraCommands(ConfigSource configs) {
        return List.of(new ExtraCommand(null, LakeCommands.group(configs)));
    }

    @Override
    public Optional<BenchPlan> benchPlan() {
        return Optional.of(new MedallionBenchPlan());
    }

    @Override
    public PipelineDemo demo(FluxoConfig config) {
        return new MedallionDemo(config);
    }
}
