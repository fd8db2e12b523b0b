package io.fluxo.pipeline.transactions.job;

import io.fluxo.pipeline.transactions.ParseResult;
import io.fluxo.pipeline.transactions.TransactionParser;
import java.util.Iterator;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;

/** Kafka rows of the transactions topic and of the ledger topic to the stateful step's input rows. */
final class ParseTransactions implements MapPartitionsFunction<Row, TxInputRow> {
    private final TransactionParser parser;
    private final String ledgerTopic;

    ParseTransactions(TransactionParser parser, String ledgerTopic) {
        this.parser = parser;
        this.ledgerTopic = ledgerTopic;
    }

    @Override
    public Iterator<TxInputRow> call(Iterator<Row> rows) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public TxInputRow next() {
                Row row = rows.next();
                byte[] key = row.isNullAt(0) ? null : row.getAs(0);
                byte[] value = row.isNullAt(1) ? null : row.getAs(1);
                String topic = row.getString(2);
                int partition = row.getInt(3);
                long offset = row.getLong(4);
                long timestamp = row.isNullAt(5) ? 0L : row.getTimestamp(5).getTime();
                if (topic.equals(ledgerTopic)) {
                    // Written by this pipeline in a Kafka transaction: a broken credit is a bug, not bad input.
                    return TxInputRow.credit(LedgerCredit.fromJson(value), topic, partition, offset);
                }
                ParseResult result = parser.parse(topic, partition, offset, value);
                if (result instanceof ParseResult.Valid valid) {
                    return TxInputRow.transaction(valid.transaction(), timestamp, key, value);
                }
                ParseResult.Rejected rejected = (ParseResult.Rejected) result;
                return TxInputRow.rejected(rejected.reason().name(), rejected.error(), topic, partition, offset, timestamp,
                        key, value);
            }
        };
    }
}
