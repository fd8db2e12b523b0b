package io.fluxo.sink.kafka;

import io.fluxo.config.ConfigReader;
import io.fluxo.config.ConfigSection;
import io.fluxo.config.FluxoConfig;
import io.fluxo.sink.RetryBudget;
import java.io.Serializable;

/**
 * How the fenced Kafka sink (alerts, ledger credits, dead letters) retries ({@code fluxo.kafka.sink.*}); the
 * brokers and client properties are {@code fluxo.kafka}'s.
 */
public record KafkaSinkSettings(RetryBudget retry) implements Serializable {

    public static final ConfigSection<KafkaSinkSettings> SECTION = new ConfigSection<>() {
        @Override
        public String path() {
            return "fluxo.kafka.sink";
        }

        @Override
        public KafkaSinkSettings read(ConfigReader r) {
            return new KafkaSinkSettings(RetryBudget.read(r, "fluxo.kafka.sink"));
        }
    };

    public static KafkaSinkSettings of(FluxoConfig config) {
        return config.section(SECTION);
    }
}
