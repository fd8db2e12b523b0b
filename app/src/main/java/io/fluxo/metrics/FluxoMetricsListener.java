package io.fluxo.metrics;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds {@link FluxoMetrics} from Spark's progress events. Spark calls it on its listener bus thread, after a batch
 * has finished: it never holds a batch up. Register it once per session: {@code spark.streams().addListener(...)}.
 */
public final class FluxoMetricsListener extends StreamingQueryListener {
    private static final Logger LOG = LoggerFactory.getLogger(FluxoMetricsListener.class);

    private final FluxoMetrics metrics;
    /** A terminated event carries the query's id, not its name. */
    private final Map<UUID, String> names = new ConcurrentHashMap<>();

    public FluxoMetricsListener(FluxoMetrics metrics) {
        this.metrics = requireNonNull(metrics, "metrics");
    }

    @Override
    public void onQueryStarted(QueryStartedEvent event) {
        String name = nameOf(event.name(), event.id());
        names.put(event.id(), name);
        metrics.started(name);
    }

    @Override
    public void onQueryProgress(QueryProgressEvent event) {
        String json = event.progress().json();
        try {
            ProgressReading reading = ProgressReading.parse(json);
            String name = nameOf(reading.query(), event.progress().id());
            metrics.progress(reading.query().equals(name) ? reading : reading.named(name));
        } catch (IllegalArgumentException e) {
            LOG.warn("{}; the metrics of this batch are skipped", e.getMessage());
        }
    }

    @Override
    public void onQueryIdle(QueryIdleEvent event) {
        // nothing new: the figures of the last batch stay
    }

    @Override
    public void onQueryTerminated(QueryTerminatedEvent event) {
        String name = names.getOrDefault(event.id(), event.id().toString());
        Optional<String> failure = event.exception().isDefined() ? Optional.of(event.exception().get()) : Optional.empty();
        metrics.terminated(name, failure);
    }

    /** An unnamed query is known by its id. */
    private static String nameOf(String name, UUID id) {
        return name == null || name.isEmpty() ? id.toString() : name;
    }
}
