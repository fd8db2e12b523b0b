package io.fluxo.pipeline.commerce;

import static java.util.Objects.requireNonNull;

import io.fluxo.config.FluxoConfig;
import io.fluxo.config.UserException;
import io.fluxo.generator.ProduceSummary;
import io.fluxo.generator.ProgressListener;
import io.fluxo.generator.RateLimiter;
import io.fluxo.generator.SendLoop;
import io.fluxo.kafka.Topics;
import java.util.List;
import java.util.Map;

/**
 * Sends {@link CommerceGenerator} records to the sales_events topic (key = user_id, so one user's events stay in order
 * in one partition), creating the topic when missing. A bounded run can keep the expectation of what it sent; an
 * unbounded run (count 0) goes on until {@link #stop()} or an interrupt. One run at a time per instance.
 */
public final class CommerceProducer {
    private final Map<String, Object> kafkaProperties;
    private final String topic;
    private final int partitions;
    private final CommerceExpectation.Assumptions assumptions;
    private final int maxPayloadBytes;
    private volatile boolean stopRequested;
    private CommerceExpectation expectation;
    private Map<CommerceGenerator.Kind, Long> kinds = Map.of();

    /**
     * @param assumptions the pipeline's watermark, session gap and anomaly rule: the expectation holds only for them
     * @param maxPayloadBytes fluxo.commerce.max-payload-bytes, which oversized invalid records exceed
     */
    public CommerceProducer(Map<String, Object> kafkaProperties, String topic, int partitions,
            CommerceExpectation.Assumptions assumptions, int maxPayloadBytes) {
        this.kafkaProperties = Map.copyOf(requireNonNull(kafkaProperties, "kafkaProperties"));
        this.topic = requireNonNull(topic, "topic");
        this.assumptions = requireNonNull(assumptions, "assumptions");
        if (!kafkaProperties.containsKey("bootstrap.servers")) {
            throw new IllegalArgumentException("Missing bootstrap.servers in the Kafka properties");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("Invalid partitions: " + partitions + " (must be at least 1)");
        }
        this.partitions = partitions;
        this.maxPayloadBytes = maxPayloadBytes;
    }

    /** As the pipeline runs with these settings, to their topic and partitions. */
    public static CommerceProducer of(FluxoConfig config) {
        CommerceSettings s = CommerceSettings.of(config);
        return new CommerceProducer(config.kafka().clientProperties(), s.topic(), s.partitions(), assumptions(s),
                s.maxPayloadBytes());
    }

    /** The watermark, session gap and anomaly rule of the settings, as the expectation takes them. */
    public static CommerceExpectation.Assumptions assumptions(CommerceSettings s) {
        return new CommerceExpectation.Assumptions(s.watermark().toMillis(), s.sessionGap().toMillis(),
                s.anomaly().threshold(), s.anomaly().history(), s.anomaly().minHistory());
    }

    /**
     * The platform's generator ({@link io.fluxo.pipeline.Pipeline.Generator}): {@code count} records of the default
     * traffic (nothing late, out of order or invalid) to {@code topic}; count 0 runs until interrupted.
     */
    public static ProduceSummary produce(FluxoConfig config, String topic, int partitions, long count, long seed,
            double eventsPerSecond, ProgressListener progress) {
        CommerceSettings s = CommerceSettings.of(config);
        return new CommerceProducer(config.kafka().clientProperties(), topic, partitions, assumptions(s),
                s.maxPayloadBytes()).produce(CommerceGenerator.Options.defaults(count, seed), eventsPerSecond, progress,
                        false);
    }

    /**
     * Sends {@code options.count()} records (until stopped when unbounded), at most {@code eventsPerSecond}
     * (0 = as fast as possible), and waits until Kafka acknowledged all of them.
     *
     * @param keepExpectation whether to keep {@link #expectation()}; not for unbounded runs
     * @throws UserException when Kafka is unreachable: "Cannot produce to Kafka at host:port: ..."
     */
    public ProduceSummary produce(CommerceGenerator.Options options, double eventsPerSecond, ProgressListener progress,
            boolean keepExpectation) {
        requireNonNull(options, "options");
        requireNonNull(progress, "progress");
        RateLimiter limiter = RateLimiter.of(eventsPerSecond);
        expectation = null;
        kinds = Map.of();
        CommerceGenerator generator = new CommerceGenerator(options, assumptions, maxPayloadBytes, keepExpectation);
        Topics.ensure(kafkaProperties, List.of(topic), partitions);
        try {
            ProduceSummary summary = SendLoop.run(kafkaProperties, generator,
                    r -> new SendLoop.Record(topic, r.key(), r.value()), options.count(), limiter, progress,
                    () -> stopRequested, List.of(topic));
            // An interrupt while the producer's buffer was full loses the record just handed out.
            if (keepExpectation) {
                expectation = generator.expectation(Math.min(summary.total(), generator.handedOut()));
            }
            kinds = Map.copyOf(generator.kinds());
            return summary;
        } finally {
            stopRequested = false;
        }
    }

    /** Ends the current run after the record being sent; the run still flushes and returns its summary. */
    public void stop() {
        stopRequested = true;
    }

    /**
     * What the last bounded run sent.
     *
     * @throws IllegalStateException when the last run did not keep it
     */
    public CommerceExpectation expectation() {
        if (expectation == null) {
            throw new IllegalStateException("The last run kept no expectation (unbounded, or not asked for)");
        }
        return expectation;
    }

    /** Records of the last run by kind: in order, out of order, late, invalid. */
    public Map<CommerceGenerator.Kind, Long> kinds() {
        return kinds;
    }

    public String topic() {
        return topic;
    }
}
