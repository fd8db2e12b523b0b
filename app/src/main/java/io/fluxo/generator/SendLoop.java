package io.fluxo.generator;

import java.time.Duration;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * The send loop every generator runs: rate-limited sends to Kafka, progress a few times a second, and an end
 * on exhaustion, on a stop request or on an interrupt (how the demo stops a continuous run) — after which
 * everything sent is flushed and summarised, and the interrupt flag is set again for the caller.
 */
public final class SendLoop {
    static final long PROGRESS_INTERVAL_NANOS = 100_000_000L;

    /** One Kafka record: topic, key (may be null), value. */
    public record Record(String topic, String key, byte[] value) {
    }

    private SendLoop() {
    }

    /**
     * @param total   events expected, 0 for an unbounded run (progress shows no percentage)
     * @param topics  listed in the summary even when nothing was sent to them
     */
    public static <T> ProduceSummary run(Map<String, Object> kafkaProperties, Iterator<T> items,
            Function<T, Record> toRecord, long total, RateLimiter limiter, ProgressListener progress,
            BooleanSupplier stopRequested, Collection<String> topics) {
        boolean interrupted = false;
        long start = System.nanoTime();
        long lastReport = start;
        try (EventSender sender = new EventSender(kafkaProperties)) {
            try {
                while (!stopRequested.getAsBoolean() && items.hasNext()) {
                    if (Thread.currentThread().isInterrupted()) {
                        throw new InterruptedException();
                    }
                    limiter.acquire();
                    Record r = toRecord.apply(items.next());
                    sender.send(r.topic(), r.key(), r.value());
                    long now = System.nanoTime();
                    if (now - lastReport >= PROGRESS_INTERVAL_NANOS) {
                        progress.onProgress(new Progress(sender.sent(), total, Duration.ofNanos(now - start), false));
                        lastReport = now;
                    }
                }
            } catch (InterruptedException | org.apache.kafka.common.errors.InterruptException e) {
                interrupted = true;
                Thread.interrupted();
            }
            sender.flush();
            Map<String, Long> perTopic = new TreeMap<>(sender.eventsPerTopic());
            for (String topic : topics) {
                perTopic.putIfAbsent(topic, 0L);
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            progress.onProgress(new Progress(sender.sent(), total, elapsed, true));
            return new ProduceSummary(perTopic, sender.sent(), elapsed);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
