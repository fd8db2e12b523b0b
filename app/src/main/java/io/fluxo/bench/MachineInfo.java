package io.fluxo.bench;

import static java.util.Objects.requireNonNull;

import io.fluxo.config.FluxoConfig;
import java.lang.management.ManagementFactory;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.utils.AppInfoParser;

/**
 * Where a bench ran, so two reports can be compared fairly: this JVM, Spark and Kafka, and what the plan
 * tells of its sinks.
 */
public record MachineInfo(int cores, long maxHeapBytes, long physicalMemoryBytes, String javaVersion, String javaVendor,
        String os, String sparkVersion, String sparkMaster, int shufflePartitions, String kafkaClientsVersion,
        String kafkaBootstrap, Facts facts) {

    public MachineInfo {
        requireNonNull(facts, "facts");
    }

    /**
     * The plan's part.
     *
     * @param summary what the table's first line ends with, e.g. "DynamoDB in-memory" or "PostgreSQL 17.6"
     * @param values by JSON name, in order: strings and numbers
     */
    public record Facts(String summary, Map<String, Object> values) {
        public Facts {
            requireNonNull(summary, "summary");
            values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        }
    }

    public static MachineInfo of(FluxoConfig c, Facts facts) {
        long physical = -1;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            physical = os.getTotalMemorySize();
        }
        return new MachineInfo(Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory(), physical,
                System.getProperty("java.version"), System.getProperty("java.vendor"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                org.apache.spark.package$.MODULE$.SPARK_VERSION(), c.spark().master(), c.spark().shufflePartitions(),
                AppInfoParser.getVersion(), c.kafka().bootstrapServers(), facts);
    }
}
