package io.fluxo.pipeline.medallion;

import io.fluxo.banking.ParseResult;
import io.fluxo.banking.Transaction;
import io.fluxo.banking.TransactionParser;
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
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return bronze.hasNext();
            }

            @Override
            public Row next() {
                return parse(bronze.next());
            }
        };
    }

    Row parse(Row r) {
        byte[] key = r.isNullAt(0) ? null : (byte[]) r.get(0);
        byte[] value = r.isNullAt(1) ? null : (byte[]) r.get(1);
        String topic = r.getString(2);
        int partition = r.getInt(3);
        long offset = r.getLong(4);
        Timestamp timestamp = r.isNullAt(5) ? null : r.getTimestamp(5);
        ParseResult result = parser.parse(topic, partition, offset, value);
        if (result instanceof ParseResult.Valid v) {
            Transaction t = v.transaction();
            return RowFactory.create(t.idTransacao(), t.idUsuarioPagador(), t.idUsuarioRecebedor(), t.idRegiao(),
                    t.modalidadePagamento().label(), new Timestamp(t.dataHorario()), t.valorTransacao(), t.valorEnviado(),
                    topic, partition, offset, null, null, timestamp, null, null);
        }
        ParseResult.Rejected rejected = (ParseResult.Rejected) result;
        return RowFactory.create(null, null, null, null, null, null, null, null, topic, partition, offset,
                rejected.reason().name(), rejected.error(), timestamp, key, value);
    }
}
