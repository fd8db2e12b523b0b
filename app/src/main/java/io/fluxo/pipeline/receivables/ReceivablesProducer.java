package io.fluxo.pipeline.receivables;

import static java.util.Objects.requireNonNull;

import io.fluxo.config.FluxoConfig;
import io.fluxo.config.UserException;
import io.fluxo.generator.SendLoop;
import io.fluxo.kafka.Topics;
import io.fluxo.generator.ProduceSummary;
import io.fluxo.generator.ProgressListener;
import io.fluxo.generator.RateLimiter;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Sends generated receivable events to the three receivables topics (key = id_recebivel), creating the
 * topics when missing. A bounded run keeps the expectation of what it sent; an unbounded run (count 0)
 * goes on until {@link #stop()} or an interrupt. One run at a time per instance.
 */
public final class ReceivablesProducer {

    private final Map<String, Object> kafkaProperties;
    private final ReceivablesSettings settings;
    private final Clock clock;
    private volatile boolean stopRequested;
    private List<ReceivableExpectation> expectation;
    private long historyItems;

    public ReceivablesProducer(FluxoConfig config) {
        this(config.kafka().clientProperties(), ReceivablesSettings.of(config), Clock.systemUTC());
    }

    public ReceivablesProducer(Map<String, Object> kafkaProperties, ReceivablesSettings settings, Clock clock) {
        this.kafkaProperties = Map.copyOf(requireNonNull(kafkaProperties, "kafkaProperties"));
        this.settings = requireNonNull(settings, "settings");
        this.clock = requireNonNull(clock, "clock");
        if (!kafkaProperties.containsKey("bootstrap.servers")) {
            throw new IllegalArgumentException("Missing bootstrap.servers in the Kafka properties");
        }
    }

    /** A bounded run keeps the expectation, an unbounded one cannot. */
    public ProduceSummary produce(ReceivablesOptions options, double eventsPerSecond, ProgressListener progress) {
        return produce(options, eventsPerSecond, progress, !options.unbounded());
    }

    /**
     * Sends {@code options.count()} events (until stopped when unbounded), at most {@code eventsPerSecond}
     * (0 = as fast as possible), and waits until Kafka acknowledged all of them.
     *
     * @param keepExpectation false for very large bounded runs (a bench) that do not need it
     * @throws UserException when Kafka is unreachable: "Cannot produce to Kafka at host:port: ..."
     */
    public ProduceSummary produce(ReceivablesOptions options, double eventsPerSecond, ProgressListener progress,
            boolean keepExpectation) {
        requireNonNull(options, "options");
        requireNonNull(progress, "progress");
        RateLimiter limiter = RateLimiter.of(eventsPerSecond);
        expectation = null;
        historyItems = 0;
        Topics.ensure(kafkaProperties, settings.topics(), settings.partitions());

        ReceivablesGenerator generator = new ReceivablesGenerator(options, clock, keepExpectation);
        try {
            ProduceSummary summary = SendLoop.run(kafkaProperties, generator,
                    event -> new SendLoop.Record(settings.topic(event.kind()), event.idRecebivel(), event.toJson()),
                    options.unbounded() ? 0 : options.count(), limiter, progress, () -> stopRequested, settings.topics());
            if (keepExpectation) {
                expectation = generator.expectation();
                historyItems = generator.historyItems();
            }
            return summary;
        } finally {
            stopRequested = false;
        }
    }

    /** Ends the current run after the event being sent; the run still flushes and returns its summary. */
    public void stop() {
        stopRequested = true;
    }

    /**
     * What the sinks must hold after the last bounded run.
     *
     * @throws IllegalStateException when the last run did not keep it
     */
    public List<ReceivableExpectation> expectation() {
        if (expectation == null) {
            throw new IllegalStateException("The last run kept no expectation (unbounded, or not asked for)");
        }
        return expectation;
    }

    /** Distinct events of the last bounded run: the history items DynamoDB must hold. */
    public long historyItems() {
        expectation();
        return historyItems;
    }

    public ReceivablesSettings settings() {
        return settings;
    }
}
