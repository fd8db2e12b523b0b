package io.fluxo.kafka;

import org.apache.spark.sql.Row;

/** One record as {@link KafkaSource#read} delivers it: key, value, topic, partition, offset, timestamp. */
public record KafkaRow(byte[] key, byte[] value, String topic, int partition, long offset, long timestamp) {

    public static KafkaRow of(Row row) {
        return new KafkaRow(row.isNullAt(0) ? null : row.getAs(0), row.isNullAt(1) ? null : row.getAs(1), row.getString(2),
                row.getInt(3), row.getLong(4), row.isNullAt(5) ? 0L : row.getTimestamp(5).getTime());
    }
}
