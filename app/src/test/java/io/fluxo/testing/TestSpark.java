package io.fluxo.testing;

import io.fluxo.spark.SparkSessions;
import org.apache.spark.sql.SparkSession;

/** The one SparkSession of an integration-test JVM: local[2], two shuffle partitions, quiet. */
public final class TestSpark {
    private static SparkSession session;

    private TestSpark() {
    }

    public static synchronized SparkSession session() {
        if (session == null) {
            session = SparkSessions.getOrCreate(TestStack.config(
                    java.util.Map.of("FLUXO_SPARK_SHUFFLE__PARTITIONS", "2", "FLUXO_SPARK_MASTER", "local[2]")));
        }
        return session;
    }
}
