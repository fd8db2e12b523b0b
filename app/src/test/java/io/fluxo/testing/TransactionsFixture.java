package io.fluxo.testing;

import io.fluxo.banking.SentRecords;
import io.fluxo.banking.Regions;
import io.fluxo.pipeline.transactions.TransactionsSettings;
import io.fluxo.generator.ProgressListener;
import io.fluxo.pipeline.transactions.TransactionExpectation;
import io.fluxo.pipeline.transactions.TransactionsOptions;
import io.fluxo.pipeline.transactions.TransactionsProducer;
import io.fluxo.pipeline.PipelineRunner;
import io.fluxo.pipeline.transactions.UserSeed;
import io.fluxo.pipeline.transactions.TransactionsPipeline;
import io.fluxo.pipeline.transactions.ReferenceData;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A transactions pipeline of its own: its topics, its checkpoint and a PostgreSQL database of its own
 * on the test server, migrated and seeded with {@code users} users from seed 42.
 */
public final class TransactionsFixture extends DatabaseFixture {
    private SentRecords lastSent;

    public TransactionsFixture(String test, int users, Map<String, String> overrides) {
        super(test, "tx");
        Map<String, String> e = new HashMap<>(overrides);
        e.put("FLUXO_TRANSACTIONS_TOPIC", name + ".tx");
        e.put("FLUXO_TRANSACTIONS_DLQ__TOPIC", name + ".dlq");
        e.put("FLUXO_TRANSACTIONS_LEDGER__TOPIC", name + ".ledger");
        e.put("FLUXO_TRANSACTIONS_ALERTS__TOPIC", name + ".alerts");
        e.put("FLUXO_TRANSACTIONS_PARTITIONS", "2");
        e.put("FLUXO_TRANSACTIONS_WINDOW", "1s");
        e.put("FLUXO_POSTGRES_URL", databaseUrl());
        init(e);
        new TransactionsPipeline().prepare(config);
        try {
            ReferenceData.upsert(dataSource(), Regions.all(), UserSeed.generate(users, 42));
        } catch (SQLException ex) {
            throw new IllegalStateException("Cannot seed users", ex);
        }
    }

    public List<TransactionExpectation> produce(TransactionsOptions options) {
        var t = TransactionsSettings.of(config);
        TransactionsProducer producer = new TransactionsProducer(config.kafka().clientProperties(), t.topic(),
                t.partitions(), t.weights());
        producer.produce(options, 0, ProgressListener.NONE, true);
        lastSent = producer.noise();
        return producer.expectation();
    }

    /** What the last {@link #produce} sent besides its transactions. */
    public SentRecords lastSent() {
        return lastSent;
    }

    public void drain() {
        TransactionsPipeline pipeline = new TransactionsPipeline();
        PipelineRunner.run(() -> pipeline.start(TestSpark.session(), config, true), pipeline,
                Duration.ofMinutes(10), System.out);
    }

    /** id_transacao → "aprovada|motivo|score" for every row of transacoes. */
    public Map<String, String> verdicts() {
        return query("select id_transacao, aprovada || '|' || coalesce(motivo, '') || '|' || score_risco from transacoes");
    }

    public static Map<String, String> expected(List<TransactionExpectation> expectation) {
        Map<String, String> rows = new TreeMap<>();
        for (TransactionExpectation e : expectation) {
            rows.put(e.idTransacao(), e.aprovada() + "|" + (e.motivo() == null ? "" : e.motivo().name())
                    + "|" + e.scoreRisco().setScale(4).toPlainString());
        }
        return rows;
    }

    /** The rows that differ from the expectation, at most 10, as "id: expected != actual" — empty when all match. */
    public static List<String> differences(Map<String, String> expected, Map<String, String> actual) {
        List<String> out = new ArrayList<>();
        java.util.Set<String> ids = new java.util.TreeSet<>(expected.keySet());
        ids.addAll(actual.keySet());
        for (String id : ids) {
            if (!java.util.Objects.equals(expected.get(id), actual.get(id)) && out.size() < 10) {
                out.add(id + ": " + expected.get(id) + " != " + actual.get(id));
            }
        }
        return out;
    }

    public Path checkpoint() {
        return config.checkpointDir().resolve(TransactionsPipeline.NAME);
    }

    static List<String> lines(Map<String, String> rows) {
        return new ArrayList<>(rows.values());
    }
}
