package io.fluxo.dlq;

import io.fluxo.config.ConfigReader;
import io.fluxo.config.ConfigSection;
import io.fluxo.config.FluxoConfig;
import java.io.Serializable;

/**
 * How big a dead letter may get ({@code fluxo.dlq.*}): a raw key or value longer than {@code maxRawBytes} is cut,
 * and its length and SHA-256 are kept, so that a letter always fits a Kafka record.
 */
public record DlqSettings(int maxRawBytes) implements Serializable {
    /** The smallest cap: enough for any key and a useful head of any value. */
    public static final int MIN_RAW_BYTES = 256;

    public static final ConfigSection<DlqSettings> SECTION = new ConfigSection<>() {
        @Override
        public String path() {
            return "fluxo.dlq";
        }

        @Override
        public DlqSettings read(ConfigReader r) {
            return new DlqSettings(r.intAtLeast("fluxo.dlq.max-raw-bytes", MIN_RAW_BYTES));
        }
    };

    public static DlqSettings of(FluxoConfig config) {
        return config.section(SECTION);
    }
}
