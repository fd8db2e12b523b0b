package io.fluxo.pipeline.commerce;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The product windows of {@code commerce_product_windows} (DESIGN §1.4): tumbling 1-minute windows, and 5-minute
 * windows sliding every minute. A window holds the events with {@code start <= event time < start + size}; starts
 * are whole multiples of the slide since the epoch (UTC), as Spark's {@code window()} aligns them.
 */
public enum WindowKind {
    TUMBLING_1M("tumbling_1m", Duration.ofMinutes(1), Duration.ofMinutes(1)),
    SLIDING_5M("sliding_5m", Duration.ofMinutes(5), Duration.ofMinutes(1));

    private final String label;
    private final long sizeMillis;
    private final long slideMillis;

    WindowKind(String label, Duration size, Duration slide) {
        this.label = label;
        this.sizeMillis = size.toMillis();
        this.slideMillis = slide.toMillis();
    }

    /** As in the table's {@code kind} column. */
    public String label() {
        return label;
    }

    public long sizeMillis() {
        return sizeMillis;
    }

    /** The starts of every window of this kind that holds an event at {@code eventMillis}, earliest first. */
    public List<Long> starts(long eventMillis) {
        long last = Math.floorDiv(eventMillis, slideMillis) * slideMillis;
        List<Long> starts = new ArrayList<>();
        for (long s = last - sizeMillis + slideMillis; s <= last; s += slideMillis) {
            starts.add(s);
        }
        return starts;
    }
}
