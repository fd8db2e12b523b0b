package io.fluxo.pipeline.transactions;

import io.fluxo.banking.Transaction;
import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows the pipeline writes to {@code transacoes}, without Kafka or Spark: the generator's transactions
 * with the verdicts of the pipeline's own rules ({@link Verdicts}) applied in order, so the raw PostgreSQL
 * measurement writes what the pipeline writes (the same share of fraud alerts included).
 * Topic, partition and offset are labels only: round-robin over {@value #PARTITIONS} partitions.
 */
final class SyntheticTransactions {
    static final int PARTITIONS = 4;

    private final TransactionsGenerator generator;
    private final RiskWeights weights;
    private final String topic;
    private final Map<String, UserSeed.User> users = new HashMap<>();
    private final Map<String, PayerProfile> profiles = new HashMap<>();
    private long index;

    /** @param options a bounded run: the generator sizes the payers' habits by its count, as for the pre-load */
    SyntheticTransactions(TransactionsOptions options, RiskWeights weights, String topic) {
        this.generator = new TransactionsGenerator(options, weights, false);
        this.weights = requireNonNull(weights, "weights");
        this.topic = requireNonNull(topic, "topic");
        generator.users().forEach(u -> users.put(u.idUsuario(), u));
    }

    /**
     * The next {@code count} rows, all processed at {@code processedAt} (epoch millis), as one micro-batch is.
     *
     * @throws java.util.NoSuchElementException beyond the options' count
     */
    List<TxOutputRow> next(int count, long processedAt) {
        List<TxOutputRow> rows = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Transaction tx = generator.next();
            PayerProfile before = profiles.computeIfAbsent(tx.idUsuarioPagador(),
                    id -> PayerProfile.of(users.get(id)));
            Verdicts.Decision decision = Verdicts.process(before, tx, weights);
            profiles.put(tx.idUsuarioPagador(), decision.payerAfter());
            rows.add(row(tx, decision.verdict(), processedAt, topic, (int) (index % PARTITIONS), index / PARTITIONS));
            index++;
        }
        return rows;
    }

    /** As the pipeline's stateful step builds a TRANSACTION row, at a Kafka position of the bench's choosing. */
    static TxOutputRow row(Transaction tx, Verdict verdict, long processedAt, String topic, int partition, long offset) {
        return TransactionProcessor.transactionRow(new Transaction(tx.idTransacao(), tx.idUsuarioPagador(),
                tx.idUsuarioRecebedor(), tx.idRegiao(), tx.modalidadePagamento(), tx.dataHorario(), tx.valorTransacao(),
                topic, partition, offset), verdict, processedAt);
    }
}
