package io.fluxo.pipeline.transactions;

import io.fluxo.banking.ParseResult;
import io.fluxo.banking.TransactionParser;
import io.fluxo.kafka.KafkaRow;
import io.fluxo.spark.Partitions;
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
        return Partitions.map(rows, this::parse);
    }

    private TxInputRow parse(Row row) {
        KafkaRow r = KafkaRow.of(row);
        if (r.topic().equals(ledgerTopic)) {
            // Written by this pipeline in a Kafka transaction: a broken credit is a bug, not bad input.
            return TxInputRow.credit(LedgerCredit.fromJson(r.value()), r.topic(), r.partition(), r.offset());
        }
        ParseResult result = parser.parse(r.topic(), r.partition(), r.offset(), r.value());
        if (result instanceof ParseResult.Valid valid) {
            return TxInputRow.transaction(valid.transaction(), r.timestamp(), r.key(), r.value());
        }
        ParseResult.Rejected rejected = (ParseResult.Rejected) result;
        return TxInputRow.rejected(rejected.reason().name(), rejected.error(), r.topic(), r.partition(), r.offset(),
                r.timestamp(), r.key(), r.value());
    }
}
