package io.fluxo.pipeline.receivables;

import io.fluxo.config.ConfigReader;
import io.fluxo.config.ConfigSection;
import io.fluxo.config.FluxoConfig;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** The receivables pipeline's settings ({@code fluxo.receivables.*}). */
public record ReceivablesSettings(String agendadosTopic, String canceladosTopic, String negociadosTopic,
        String dlqTopic, Duration window, int maxPayloadBytes, int maxItemBytes, long maxOffsetsPerTrigger, String startingOffsets,
        String table, String index, List<String> sinks, int partitions) implements Serializable {

    public static final ConfigSection<ReceivablesSettings> SECTION = new ConfigSection<>() {
        @Override
        public String path() {
            return "fluxo.receivables";
        }

        @Override
        public ReceivablesSettings read(ConfigReader r) {
            List<String> sinks = r.list("fluxo.receivables.sinks");
            for (String sink : sinks) {
                r.check(sink.equals("dynamodb") || sink.equals("opensearch"), "Invalid fluxo.receivables.sinks: "
                        + r.string("fluxo.receivables.sinks").strip()
                        + " (use dynamodb, opensearch, both separated by a comma, or none)");
            }
            String startingOffsets = r.startingOffsets("fluxo.receivables.starting-offsets");
            ReceivablesSettings s = new ReceivablesSettings(r.string("fluxo.receivables.topics.agendados"),
                    r.string("fluxo.receivables.topics.cancelados"), r.string("fluxo.receivables.topics.negociados"),
                    r.string("fluxo.receivables.dlq-topic"),
                    r.durationAtLeast("fluxo.receivables.window", Duration.ofSeconds(1)),
                    r.intAtLeast("fluxo.receivables.max-payload-bytes", 64),
                    r.intAtLeast("fluxo.receivables.max-item-bytes", 1024),
                    r.longAtLeast("fluxo.receivables.max-offsets-per-trigger", 0), startingOffsets,
                    r.string("fluxo.receivables.table"), r.string("fluxo.receivables.index"), sinks,
                    r.intAtLeast("fluxo.receivables.partitions", 1));
            r.check(s.index().equals(s.index().toLowerCase(Locale.ROOT)),
                    "Invalid fluxo.receivables.index: " + s.index() + " (OpenSearch index names are lower case)");
            return s;
        }
    };

    public static ReceivablesSettings of(FluxoConfig config) {
        return config.section(SECTION);
    }

    public List<String> topics() {
        return List.of(agendadosTopic, canceladosTopic, negociadosTopic);
    }

    /** The topic that carries events of this type. */
    public String topic(EventType type) {
        return switch (type) {
            case AGENDADO -> agendadosTopic;
            case CANCELADO -> canceladosTopic;
            case NEGOCIADO -> negociadosTopic;
        };
    }

    public boolean sinkEnabled(String name) {
        return sinks.contains(name);
    }
}
