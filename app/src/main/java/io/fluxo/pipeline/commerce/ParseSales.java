package io.fluxo.pipeline.commerce;

import io.fluxo.dlq.DeadLetter;
import io.fluxo.kafka.KafkaRow;
import io.fluxo.spark.Partitions;
import java.util.Iterator;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;

/**
 * The first step of the commerce query: every Kafka record of {@code sales_events} becomes either a valid event (with
 * its event time, which the watermark follows) or a dead letter carrying the DLQ record already written as JSON, with
 * the parser's reason. A dead letter has no event time, so it never moves the watermark.
 */
final class ParseSales implements MapPartitionsFunction<Row, SalesInputRow> {
    private static final long serialVersionUID = 1L;

    private final SalesEventParser parser;
    private final int maxRawBytes;

    ParseSales(SalesEventParser parser, int maxRawBytes) {
        this.parser = parser;
        this.maxRawBytes = maxRawBytes;
    }

    @Override
    public Iterator<SalesInputRow> call(Iterator<Row> rows) {
        return Partitions.map(rows, this::parse);
    }

    SalesInputRow parse(Row row) {
        return parse(KafkaRow.of(row), System.currentTimeMillis());
    }

    SalesInputRow parse(KafkaRow r, long now) {
        SalesEventParser.Result result = parser.parse(r.topic(), r.partition(), r.offset(), r.value());
        if (result instanceof SalesEventParser.Valid valid) {
            return SalesInputRow.event(valid.event(), r.timestamp());
        }
        SalesEventParser.Rejected rejected = (SalesEventParser.Rejected) result;
        DeadLetter letter = new DeadLetter(CommercePipelineNames.NAME, rejected.reason().name(), rejected.error(),
                r.topic(), r.partition(), r.offset(), r.key(), r.value(), r.timestamp(), now);
        return SalesInputRow.deadLetter(r.topic(), r.partition(), r.offset(), letter.sourceId(), letter.toJson(maxRawBytes));
    }
}
