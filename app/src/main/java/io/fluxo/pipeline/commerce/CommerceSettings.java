package io.fluxo.pipeline.commerce;

import io.fluxo.config.ConfigReader;
import io.fluxo.config.ConfigSection;
import io.fluxo.config.FluxoConfig;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Duration;

/** The commerce pipeline's settings (fluxo.commerce.*). */
public record CommerceSettings(String topic, String dlqTopic, String enrichedTopic, Duration watermark,
        Duration sessionGap, RevenueAnomaly anomaly, Duration referenceRefresh, Duration trigger, int maxPayloadBytes,
        int maxIdBytes, long maxOffsetsPerTrigger, String startingOffsets, int partitions, boolean postgresSink)
        implements Serializable {
    static final String PATH = "fluxo.commerce";

    public static final ConfigSection<CommerceSettings> SECTION = new ConfigSection<>() {
        @Override
        public String path() {
            return PATH;
        }

        @Override
        public CommerceSettings read(ConfigReader r) {
            String sinks = r.string(PATH + ".sinks").strip();
            r.check(sinks.equals("postgres") || sinks.equals("none"),
                    "Invalid " + PATH + ".sinks: " + sinks + " (use postgres or none)");
            String zText = r.string(PATH + ".anomaly.z").strip();
            BigDecimal z = BigDecimal.ONE;
            try {
                z = new BigDecimal(zText);
            } catch (NumberFormatException e) {
                r.check(false, "Invalid " + PATH + ".anomaly.z: " + zText + " (use a number above 0, such as 3)");
            }
            int history = r.intAtLeast(PATH + ".anomaly.history", 1);
            int minHistory = r.intAtLeast(PATH + ".anomaly.min-history", 1);
            RevenueAnomaly anomaly = null;
            try {
                anomaly = new RevenueAnomaly(z, history, minHistory);
            } catch (IllegalArgumentException e) {
                r.check(false, "Invalid " + PATH + ".anomaly: " + e.getMessage().replaceFirst("^Invalid anomaly rule: ", ""));
            }
            return new CommerceSettings(r.string(PATH + ".topic"), r.string(PATH + ".dlq-topic"),
                    r.string(PATH + ".enriched-topic"), r.durationAtLeast(PATH + ".watermark", Duration.ZERO),
                    r.durationAtLeast(PATH + ".session-gap", Duration.ofSeconds(1)), anomaly,
                    r.durationAtLeast(PATH + ".reference-refresh", Duration.ofSeconds(1)),
                    r.durationAtLeast(PATH + ".trigger", Duration.ofMillis(100)), r.intAtLeast(PATH + ".max-payload-bytes", 64),
                    r.intAtLeast(PATH + ".max-id-bytes", 1), r.longAtLeast(PATH + ".max-offsets-per-trigger", 0),
                    r.startingOffsets(PATH + ".starting-offsets"), r.intAtLeast(PATH + ".partitions", 1),
                    sinks.equals("postgres"));
        }
    };

    public static CommerceSettings of(FluxoConfig config) {
        return config.section(SECTION);
    }
}
