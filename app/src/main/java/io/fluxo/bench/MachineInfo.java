package io.fluxo.bench;

/**
 * Where a bench ran, so two reports can be compared fairly.
 *
 * @param dynamodbStorage "in-memory", "on disk" or "unknown", as seen on the local DynamoDB process when
 *     there is one on the endpoint's port, else the stack setting
 */
public record MachineInfo(int cores, long maxHeapBytes, long physicalMemoryBytes, String javaVersion, String javaVendor,
        String os, String sparkVersion, String sparkMaster, int shufflePartitions, String kafkaClientsVersion,
        String kafkaBootstrap, String dynamodbEndpoint, String dynamodbStorage, int dynamodbWriters, String opensearchUrl,
        String opensearchVersion, int opensearchBulkSize) {
}
