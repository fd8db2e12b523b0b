package io.fluxo.pipeline;

import io.fluxo.amount.AmountSettings;
import io.fluxo.config.ConfigSection;
import io.fluxo.config.FluxoConfig;
import io.fluxo.config.UserException;
import io.fluxo.dlq.DlqSettings;
import io.fluxo.kafka.AuditSettings;
import io.fluxo.metrics.DashboardSettings;
import io.fluxo.sink.SinkSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The pipelines on the classpath, found by {@link ServiceLoader} (file
 * {@code META-INF/services/io.fluxo.pipeline.Pipeline}), in name order; and the configuration they read.
 */
public final class PipelineRegistry {
    private static final Map<String, Pipeline> PIPELINES = load(ServiceLoader.load(Pipeline.class,
            PipelineRegistry.class.getClassLoader()));

    private PipelineRegistry() {
    }

    static Map<String, Pipeline> load(Iterable<Pipeline> found) {
        List<Pipeline> sorted = new ArrayList<>();
        found.forEach(sorted::add);
        sorted.sort(Comparator.comparing(Pipeline::name));
        Map<String, Pipeline> byName = new LinkedHashMap<>();
        for (Pipeline p : sorted) {
            Pipeline other = byName.putIfAbsent(p.name(), p);
            if (other != null) {
                throw new IllegalStateException("Cannot register two pipelines named " + p.name() + ": "
                        + other.getClass().getName() + " and " + p.getClass().getName());
            }
        }
        if (byName.isEmpty()) {
            throw new IllegalStateException("Cannot find any pipeline: no META-INF/services/" + Pipeline.class.getName()
                    + " on the classpath");
        }
        return byName;
    }

    public static List<Pipeline> all() {
        return List.copyOf(PIPELINES.values());
    }

    public static List<String> names() {
        return List.copyOf(PIPELINES.keySet());
    }

    /**
     * @throws UserException "Invalid pipeline: x (use one of a, b)" for a name no pipeline has
     */
    public static Pipeline get(String name) {
        Pipeline p = PIPELINES.get(name == null ? "" : name.toLowerCase(Locale.ROOT));
        if (p == null) {
            throw unknown(name);
        }
        return p;
    }

    public static UserException unknown(String name) {
        return new UserException("Invalid pipeline: " + name + " (use one of " + String.join(", ", names()) + ")");
    }

    /**
     * The sinks' settings, the dead letters', the amounts', the audit's and the dashboard's (shared by every
     * pipeline), then every pipeline's.
     */
    public static List<ConfigSection<?>> configSections() {
        List<ConfigSection<?>> sections = new ArrayList<>(SinkSettings.SECTIONS);
        sections.add(DlqSettings.SECTION);
        sections.add(AmountSettings.SECTION);
        sections.add(AuditSettings.SECTION);
        sections.add(DashboardSettings.SECTION);
        PIPELINES.values().forEach(p -> sections.addAll(p.configSections()));
        return sections;
    }

    /** application.conf, then FILE (may be null), then FLUXO_* of env, then overrides; every section read and checked. */
    public static FluxoConfig loadConfig(Path file, Map<String, String> env, Map<String, String> overrides) {
        return FluxoConfig.load(file, env, overrides, configSections());
    }

    public static FluxoConfig loadConfig(Path file, Map<String, String> env) {
        return loadConfig(file, env, Map.of());
    }

    /** The defaults of application.conf alone. */
    public static FluxoConfig defaultConfig() {
        return loadConfig(null, Map.of());
    }
}
