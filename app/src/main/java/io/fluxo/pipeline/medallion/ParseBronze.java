package io.fluxo.pipeline.medallion;

import io.fluxo.banking.ParseResult;
import io.fluxo.banking.Transaction;
import io.fluxo.banking.TransactionParser;
import io.fluxo.kafka.KafkaRow;
import io.fluxo.spark.Partitions;
import java.sql.Timestamp;
import java.util.Iterator;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Parses bronze records (key, value, topic, partition, offset, timestamp, ingested_at) with the transactions
 * rules ({@link TransactionParser}) into rows of {@link MedallionTables#PARSED_SCHEMA}: the typed silver columns of
 * a valid transaction, or the reject reason and error of an invalid record with its bronze coordinates, key and
 * value.
 */
final class ParseBronze implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    private final TransactionParser parser;

    ParseBronze(TransactionParser parser) {
        this.parser = parser;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> bronze) {
        return Partitions.map(bronze, this::parse);
    }

    /** Bronze's first six columns are a Kafka record's ({@link KafkaRow}). */
    Row parse(Row row) {
        KafkaRow r = KafkaRow.of(row);
        Timestamp timestamp = row.isNullAt(5) ? null : new Timestamp(r.timestamp());
        ParseResult result = parser.parse(r.topic(), r.partition(), r.offset(), r.value());
        if (result instanceof ParseResult.Valid v) {
            Transaction t = v.transaction();
            return RowFactory.create(t.idTransacao(), t.idUsuarioPagador(), t.idUsuarioRecebedor(), t.idRegiao(),
                    t.modalidadePagamento().label(), new Timestamp(t.dataHorario()), t.valorTransacao(), t.valorEnviado(),
                    r.topic(), r.partition(), r.offset(), null, null, timestamp, null, null);
        }
        ParseResult.Rejected rejected = (ParseResult.Rejected) result;
        return RowFactory.create(null, null, null, null, null, null, null, null, r.topic(), r.partition(), r.offset(),
                rejected.reason().name(), rejected.error(), timestamp, r.key(), r.value());
    }
}
