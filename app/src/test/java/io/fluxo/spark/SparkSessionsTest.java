package io.fluxo.spark;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SparkSessionsTest {
    @Test
    void checkpointsWithoutASchemeOrOnFileAreLocal() {
        assertThat(SparkSessions.isLocal("/work/fluxo/.fluxo/checkpoints")).isTrue();
        assertThat(SparkSessions.isLocal(".fluxo/checkpoints")).isTrue();
        assertThat(SparkSessions.isLocal("file:/tmp/checkpoints")).isTrue();
        assertThat(SparkSessions.isLocal("FILE:///tmp/checkpoints")).isTrue();
        assertThat(SparkSessions.isLocal("C:\\fluxo\\checkpoints")).isTrue();
        assertThat(SparkSessions.isLocal("/tmp/odd:name")).isTrue();
    }

    @Test
    void checkpointsOnSharedStorageAreNot() {
        assertThat(SparkSessions.isLocal("hdfs:/fluxo/checkpoints")).isFalse(); // how java.nio.file.Path prints hdfs://
        assertThat(SparkSessions.isLocal("hdfs://namenode:8020/fluxo")).isFalse();
        assertThat(SparkSessions.isLocal("s3a://bucket/checkpoints")).isFalse();
        assertThat(SparkSessions.isLocal("abfss://c@account.dfs.core.windows.net/x")).isFalse();
    }
}
