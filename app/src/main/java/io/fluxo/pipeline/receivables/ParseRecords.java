package io.fluxo.pipeline.receivables;

import io.fluxo.kafka.KafkaRow;
import io.fluxo.spark.Partitions;
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
        return Partitions.map(rows, this::parse);
    }

    private EventRow parse(Row row) {
        KafkaRow r = KafkaRow.of(row);
        ParseResult result = parser.parse(r.topic(), r.partition(), r.offset(), r.value());
        if (result instanceof ParseResult.Valid valid) {
            return EventRow.valid(valid.event(), r.timestamp());
        }
        return EventRow.rejected((ParseResult.Rejected) result, r.topic(), r.partition(), r.offset(), r.timestamp(),
                r.key(), r.value());
    }
}
