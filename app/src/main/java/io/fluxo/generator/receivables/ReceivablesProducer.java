package io.fluxo.generator.receivables;

import static java.util.Objects.requireNonNull;

import io.fluxo.config.FluxoConfig;
import io.fluxo.config.FluxoConfig.ReceivablesSettings;
import io.fluxo.config.UserException;
import io.fluxo.generator.EventSender;
import io.fluxo.kafka.Topics;
import io.fluxo.generator.ProduceSummary;
import io.fluxo.generator.Progress;
import io.fluxo.generator.ProgressListener;
import io.fluxo.generator.RateLimiter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sends generated receivable events to the three receivables topics (key = id_recebivel), creating the
 * topics when missing. A bounded run keeps the expectation of what it sent; an unbounded run (count 0)
 * goes on until {@link #stop()} or an interrupt. One run at a time per instance.
 */
public final class ReceivablesProducer {
    private static final long PROGRESS_INTERVAL_NANOS = 100_000_000L;

    private final Map<String, Object> kafkaProperties;
    private final ReceivablesSettings settings;
    private final Clock clock;
    private volatile boolean stopRequested;
    private List<ReceivableExpectation> expectation;
    private long historyItems;

    public ReceivablesProducer(FluxoConfig config) {
        this(config.kafka().clientProperties(), config.receivables(), Clock.systemUTC());
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
        long total = options.unbounded() ? 0 : options.count();
        boolean interrupted = false;
        long start = System.nanoTime();
        long lastReport = start;
        Map<String, Long> perTopic;
        try (EventSender sender = new EventSender(kafkaProperties)) {
            try {
                while (!stopRequested && generator.hasNext()) {
                    if (Thread.currentThread().isInterrupted()) {
                        throw new InterruptedException();
                    }
                    limiter.acquire();
                    ReceivableEvent event = generator.next();
                    sender.send(event.kind().topic(settings), event.idRecebivel(), event.toJson());
                    long now = System.nanoTime();
                    if (now - lastReport >= PROGRESS_INTERVAL_NANOS) {
                        progress.onProgress(new Progress(sender.sent(), total, Duration.ofNanos(now - start), false));
                        lastReport = now;
                    }
                }
            } catch (InterruptedException | org.apache.kafka.common.errors.InterruptException e) {
                // An interrupt is how the demo stops a continuous run: finish cleanly with what was sent.
                interrupted = true;
                Thread.interrupted();
            }
            sender.flush();
            perTopic = new TreeMap<>(sender.eventsPerTopic());
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            progress.onProgress(new Progress(sender.sent(), total, elapsed, true));
            if (keepExpectation) {
                expectation = generator.expectation();
                historyItems = generator.historyItems();
            }
            for (String topic : settings.topics()) {
                perTopic.putIfAbsent(topic, 0L);
            }
            return new ProduceSummary(perTopic, sender.sent(), elapsed);
        } finally {
            stopRequested = false;
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
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
