package io.fluxo.pipeline.transactions;

import io.fluxo.pipeline.VerifyOptions;
import io.fluxo.sink.postgres.PostgresSettings;
import io.fluxo.sink.postgres.PostgresDataSources;
import io.fluxo.config.UserException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Checks transacoes and alertas_fraude against what the generator expects: every transaction present with
 * its verdict, motivo and risk score, and an alert for exactly the SUSPEITA_FRAUDE ones.
 */
public final class TransactionsVerifier {
    static final int CHUNK = 1_000;

    /** What a check found: counts, and the mismatches (at most {@link VerifyOptions#MAX_MISMATCHES}). */
    public record Result(int transactions, int matched, int differing, int missing, List<String> mismatches) {
        public boolean ok() {
            return matched == transactions;
        }

        public String summary() {
            return "verify transactions: " + transactions + " transactions: " + matched + " match, " + differing
                    + " differ, " + missing + " missing";
        }
    }

    private final PostgresSettings settings;

    public TransactionsVerifier(PostgresSettings settings) {
        this.settings = settings;
    }

    /** Checks again every 2 s until everything matches or the timeout passes (the pipeline may still be catching up). */
    public Result verify(List<TransactionExpectation> expected, Duration timeout) {
        return VerifyOptions.untilOk(timeout, () -> check(expected), Result::ok);
    }

    public Result check(List<TransactionExpectation> expected) {
        int matched = 0;
        int differing = 0;
        int missing = 0;
        List<String> mismatches = new ArrayList<>();
        try (Connection c = PostgresDataSources.shared(settings).getConnection();
                PreparedStatement p = c.prepareStatement("select t.id_transacao, t.aprovada, t.motivo, t.score_risco,"
                        + " a.id_transacao is not null from transacoes t left join alertas_fraude a using (id_transacao)"
                        + " where t.id_transacao = any (?)")) {
            for (int from = 0; from < expected.size(); from += CHUNK) {
                List<TransactionExpectation> chunk = expected.subList(from, Math.min(expected.size(), from + CHUNK));
                p.setArray(1, c.createArrayOf("text", chunk.stream().map(TransactionExpectation::idTransacao).toArray()));
                Map<String, String> actual = new HashMap<>();
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        actual.put(r.getString(1), row(r.getBoolean(2), r.getString(3), r.getBigDecimal(4), r.getBoolean(5)));
                    }
                }
                for (TransactionExpectation e : chunk) {
                    String want = row(e.aprovada(), e.motivo() == null ? null : e.motivo().name(), e.scoreRisco(),
                            e.motivo() != null && e.motivo().name().equals("SUSPEITA_FRAUDE"));
                    String got = actual.get(e.idTransacao());
                    if (got == null) {
                        missing++;
                        add(mismatches, e.idTransacao() + ": missing (expected " + want + ")");
                    } else if (Objects.equals(want, got)) {
                        matched++;
                    } else {
                        differing++;
                        add(mismatches, e.idTransacao() + ": expected " + want + ", found " + got);
                    }
                }
            }
        } catch (SQLException e) {
            throw new UserException("Cannot read transacoes from PostgreSQL at " + settings.url() + ": " + e.getMessage()
                    + " (is the stack up? ./fluxo stack up)", e);
        }
        return new Result(expected.size(), matched, differing, missing, mismatches);
    }

    static String row(boolean aprovada, String motivo, BigDecimal score, boolean alert) {
        return (aprovada ? "approved" : "refused " + motivo) + ", score " + score.setScale(4).toPlainString()
                + (alert ? ", alert" : "");
    }

    private static void add(List<String> mismatches, String m) {
        if (mismatches.size() < VerifyOptions.MAX_MISMATCHES) {
            mismatches.add(m);
        }
    }
}
