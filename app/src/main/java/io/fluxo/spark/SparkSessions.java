package io.fluxo.spark;

import io.fluxo.config.FluxoConfig;
import io.fluxo.sink.delta.DeltaLake;
import io.fluxo.sink.delta.S3Settings;
import org.apache.spark.sql.SparkSession;

/**
 * The one SparkSession of a Fluxo process, configured for stateful streaming on RocksDB and for Delta tables on a
 * local path or on S3 (s3a).
 */
public final class SparkSessions {
    public static final String ROCKSDB_PROVIDER =
            "org.apache.spark.sql.execution.streaming.state.RocksDBStateStoreProvider";
    static final String CHECKPOINT_FILE_MANAGER = "spark.sql.streaming.checkpointFileManagerClass";
    /**
     * Checkpoints on a local disk are written through Hadoop's FileSystem API, not its FileContext API (Spark's
     * default): without Hadoop's native library, FileContext's rename on the local file system starts a
     * {@code readlink} process for every file it renames and {@code chmod} for every file it creates, several per
     * micro-batch and state partition, which made half the fixed cost of a micro-batch (692 → 348 ms a batch in
     * {@code ./fluxo bench receivables}). A rename on one local disk is atomic either way.
     */
    static final String FILE_SYSTEM_CHECKPOINTS =
            "org.apache.spark.sql.execution.streaming.checkpointing.FileSystemBasedCheckpointFileManager";

    private SparkSessions() {
    }

    public static SparkSession getOrCreate(FluxoConfig config) {
        FluxoConfig.SparkSettings spark = config.spark();
        SparkSession.Builder builder = SparkSession.builder()
                .appName("fluxo")
                .config("spark.ui.enabled", spark.uiEnabled())
                .config("spark.sql.shuffle.partitions", spark.shufflePartitions())
                // Delta rebuilds a table's state in a shuffle of its own, 50 partitions unless told: as many as any other.
                .config("spark.databricks.delta.snapshotPartitions", spark.shufflePartitions())
                // transformWithState keeps its state only in RocksDB.
                .config("spark.sql.streaming.stateStore.providerClass", ROCKSDB_PROVIDER)
                .config("spark.sql.streaming.stateStore.rocksdb.changelogCheckpointing.enabled", true)
                .config("spark.sql.session.timeZone", "UTC")
                .config("spark.sql.adaptive.enabled", false)
                .config("spark.sql.streaming.noDataMicroBatches.enabled", false);
        // Under spark-submit the cluster's master wins over fluxo.spark.master.
        boolean submitted = System.getProperty("spark.master") != null;
        if (!submitted && !spark.master().isEmpty() && !spark.conf().containsKey("spark.master")) {
            builder.master(spark.master());
        }
        if (!submitted && spark.master().startsWith("local")) {
            builder.config("spark.driver.host", "localhost").config("spark.driver.bindAddress", "127.0.0.1");
        }
        if (isLocal(config.checkpointDir().toString())) {
            builder.config(CHECKPOINT_FILE_MANAGER, FILE_SYSTEM_CHECKPOINTS);
        }
        DeltaLake.sparkConf(S3Settings.of(config)).forEach(builder::config);
        spark.conf().forEach(builder::config);
        SparkSession session = builder.getOrCreate();
        session.sparkContext().setLogLevel(spark.logLevel());
        return session;
    }

    /** Whether a checkpoint directory is on this machine's file system: no URI scheme, or {@code file:}. */
    static boolean isLocal(String dir) {
        int colon = dir.indexOf(':');
        if (colon <= 1) { // none, or a Windows drive letter
            return true;
        }
        String scheme = dir.substring(0, colon);
        return !scheme.chars().allMatch(ch -> Character.isLetterOrDigit(ch) || ch == '+' || ch == '-' || ch == '.')
                || scheme.equalsIgnoreCase("file");
    }
}
