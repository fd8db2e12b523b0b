package io.fluxo.pipeline.medallion;

import static java.util.Objects.requireNonNull;

import io.fluxo.sink.delta.LakeSettings;
import java.io.Serializable;
import java.time.Duration;

/**
 * What the medallion queries read and where they write (DESIGN §1.3).
 *
 * @param topic the bank transactions topic bronze reads
 * @param lake where the Delta tables and the queries' checkpoints live
 * @param dedupWindow silver drops a transaction whose id it holds with an event time within this of the new one
 * @param goldWatermark a silver row whose event time is more than this behind the newest one gold has taken goes to
 *     gold/late instead of its minute
 * @param trigger the micro-batch interval of a continuous run
 * @param maxOffsetsPerTrigger Kafka records per bronze batch at most; 0: no limit
 * @param startingOffsets where bronze starts on its first run: "earliest" or "latest"
 */
public record MedallionSettings(String topic, LakeSettings lake, Duration dedupWindow, Duration goldWatermark,
        Duration trigger,
        long maxOffsetsPerTrigger, String startingOffsets) implements Serializable {
    public MedallionSettings {
        requireNonNull(topic, "topic");
        requireNonNull(lake, "lake");
        requireNonNull(dedupWindow, "dedupWindow");
        requireNonNull(goldWatermark, "goldWatermark");
        requireNonNull(trigger, "trigger");
        requireNonNull(startingOffsets, "startingOffsets");
    }
}
