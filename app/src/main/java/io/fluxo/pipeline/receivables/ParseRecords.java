package io.fluxo.pipeline.receivables;

import java.util.Iterator;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;

/** Kafka rows (key, value, topic, partition, offset, timestamp) to parsed EventRows, one for one. */
final class ParseRecords implements MapPartitionsFunction<Row, EventRow> {
    private final ReceivableParser parser;

    ParseRecords(ReceivableParser parser) {
        this.parser = parser;
    }

    @Override
    public Iterator<EventRow> call(Iterator<Row> rows) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public EventRow next() {
                Row row = rows.next();
                byte[] key = row.isNullAt(0) ? null : row.getAs(0);
                byte[] value = row.isNullAt(1) ? null : row.getAs(1);
                String topic = row.getString(2);
                int partition = row.getInt(3);
                long offset = row.getLong(4);
                long timestamp = row.isNullAt(5) ? 0L : row.getTimestamp(5).getTime();
                ParseResult result = parser.parse(topic, partition, offset, value);
                if (result instanceof ParseResult.Valid valid) {
                    return EventRow.valid(valid.event(), timestamp);
                }
                return EventRow.rejected((ParseResult.Rejected) result, topic, partition, offset, timestamp, key, value);
            }
        };
    }
}
