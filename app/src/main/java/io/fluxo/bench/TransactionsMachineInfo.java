package io.fluxo.bench;

/**
 * Where a transactions bench ran, so two reports can be compared fairly.
 *
 * @param postgresUrl the configured server (the bench used its own database on it)
 * @param topicPartitions partitions of the bench's topics (fluxo.transactions.partitions)
 */
public record TransactionsMachineInfo(int cores, long maxHeapBytes, long physicalMemoryBytes, String javaVersion,
        String javaVendor, String os, String sparkVersion, String sparkMaster, int shufflePartitions,
        String kafkaClientsVersion, String kafkaBootstrap, int topicPartitions, String postgresUrl, String postgresVersion,
        int postgresPoolSize) {
}
