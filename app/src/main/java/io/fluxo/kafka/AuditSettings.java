package io.fluxo.kafka;

import io.fluxo.config.ConfigReader;
import io.fluxo.config.ConfigSection;
import io.fluxo.config.FluxoConfig;
import java.io.Serializable;

/**
 * Where the data-loss audit is kept ({@code fluxo.audit.*}): topic {@code <topic-prefix><pipeline>.audit}. The prefix
 * is empty by default; it lets two deployments (or two tests) share one Kafka cluster.
 */
public record AuditSettings(String topicPrefix) implements Serializable {
    public static final ConfigSection<AuditSettings> SECTION = new ConfigSection<>() {
        @Override
        public String path() {
            return "fluxo.audit";
        }

        @Override
        public AuditSettings read(ConfigReader r) {
            return new AuditSettings(r.string("fluxo.audit.topic-prefix").strip());
        }
    };

    public AuditSettings {
        java.util.Objects.requireNonNull(topicPrefix, "topicPrefix");
    }

    public String topic(String pipeline) {
        return topicPrefix + pipeline + ".audit";
    }

    public static AuditSettings of(FluxoConfig config) {
        return config.section(SECTION);
    }
}
