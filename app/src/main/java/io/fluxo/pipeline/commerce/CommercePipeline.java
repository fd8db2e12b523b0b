package io.fluxo.pipeline.commerce;

import io.fluxo.config.ConfigSection;
import io.fluxo.config.ConfigSource;
import io.fluxo.config.FluxoConfig;
import io.fluxo.config.UserException;
import io.fluxo.kafka.DataLossAudit;
import io.fluxo.kafka.Topics;
import io.fluxo.pipeline.Pipeline;
import io.fluxo.pipeline.PipelineDemo;
import io.fluxo.pipeline.PipelineMetrics;
import io.fluxo.sink.SinkException;
import io.fluxo.sink.postgres.PostgresDataSources;
import io.fluxo.sink.postgres.PostgresSettings;
import io.fluxo.sink.postgres.Schema;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;

/**
 * The commerce pipeline (DESIGN §1.4): sales events in event time, product windows and the funnel, sessions,
 * abandoned carts and revenue anomalies in PostgreSQL, every late event kept in {@code late_events}, every on-time
 * event enriched to Kafka.
 */
public final class CommercePipeline implements Pipeline {
    public static final String NAME = CommercePipelineNames.NAME;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "sales events: product windows, funnel, sessions, abandoned carts, anomalies, late events -> PostgreSQL,"
                + " enriched events -> Kafka";
    }

    @Override
    public List<ConfigSection<?>> configSections() {
        return List.of(CommerceSettings.SECTION);
    }

    @Override
    public void prepare(FluxoConfig config) {
        CommerceSettings s = CommerceSettings.of(config);
        Topics.ensure(config.kafka(), List.of(s.topic(), s.dlqTopic(), s.enrichedTopic()), s.partitions());
        DataLossAudit.ensureTopic(config, NAME);
        if (s.postgresSink()) {
            try {
                Schema.migrate(PostgresDataSources.shared(PostgresSettings.of(config)));
            } catch (SinkException e) {
                throw new UserException(e.getMessage(), e);
            }
        }
    }

    @Override
    public List<Query> queries() {
        return List.of(new Query(NAME, this::start));
    }

    /** Starts the streaming query: continuous, or draining what Kafka holds now and stopping (availableNow). */
    public StreamingQuery start(SparkSession spark, FluxoConfig config, boolean availableNow) {
        return CommerceQuery.start(spark, config, availableNow);
    }

    @Override
    public Optional<String> deadLetterTopic(FluxoConfig config) {
        return Optional.of(CommerceSettings.of(config).dlqTopic());
    }

    /** Its event-time queries run every {@code trigger}; their windows are in event time. */
    @Override
    public String triggerSetting() {
        return "trigger";
    }

    @Override
    public List<StatusField> statusFields() {
        return List.of(new StatusField(CommercePipelineNames.ON_TIME, "on time"),
                new StatusField(CommercePipelineNames.LATE, "late"),
                new StatusField(CommercePipelineNames.SESSIONS, "sessions closed"),
                new StatusField(PipelineMetrics.DEAD_LETTERS, "dead letters"));
    }

    @Override
    public Callable<Integer> produceCommand(ConfigSource configs) {
        return new CommerceCommands.Produce(configs);
    }

    @Override
    public Callable<Integer> verifyCommand(ConfigSource configs) {
        return new CommerceCommands.Verify(configs);
    }

    @Override
    public List<ExtraCommand> extraCommands(ConfigSource configs) {
        return List.of(new ExtraCommand("seed", new SeedCommerce(configs)));
    }

    @Override
    public Optional<io.fluxo.bench.BenchPlan> benchPlan() {
        return Optional.of(new CommerceBenchPlan());
    }

    @Override
    public Optional<Generator> generator() {
        return Optional.of(CommerceProducer::produce);
    }

    @Override
    public PipelineDemo demo(FluxoConfig config) {
        return new CommerceDemo(config);
    }
}
