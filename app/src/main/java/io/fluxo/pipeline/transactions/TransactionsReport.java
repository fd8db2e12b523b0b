package io.fluxo.pipeline.transactions;

import io.fluxo.sink.postgres.PostgresSettings;
import io.fluxo.sink.postgres.PostgresDataSources;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Two lines for the demo: the approval rate by modality, and the latest fraud alerts. */
final class TransactionsReport {
    private TransactionsReport() {
    }

    static List<String> lines(PostgresSettings settings) {
        try (Connection c = PostgresDataSources.shared(settings).getConnection(); Statement s = c.createStatement()) {
            List<String> rates = new ArrayList<>();
            try (ResultSet r = s.executeQuery("select modalidade_pagamento, count(*), count(*) filter (where aprovada)"
                    + " from transacoes group by 1 order by 1")) {
                while (r.next()) {
                    rates.add(String.format(Locale.ROOT, "%s %.1f%% of %d", r.getString(1),
                            100.0 * r.getLong(3) / r.getLong(2), r.getLong(2)));
                }
            }
            List<String> alerts = new ArrayList<>();
            try (ResultSet r = s.executeQuery("select a.id_usuario_pagador, a.score_risco, t.valor_transacao, t.id_regiao"
                    + " from alertas_fraude a join transacoes t using (id_transacao) order by a.criado_em desc, a.id_transacao"
                    + " limit 3")) {
                while (r.next()) {
                    alerts.add(r.getString(1) + " " + r.getBigDecimal(3).toPlainString() + " in " + r.getString(4)
                            + " (score " + r.getBigDecimal(2).toPlainString() + ")");
                }
            }
            return List.of("approved by modality: " + (rates.isEmpty() ? "-" : String.join(" | ", rates)),
                    "latest alerts: " + (alerts.isEmpty() ? "-" : String.join("; ", alerts)));
        } catch (SQLException e) {
            return List.of("cannot read PostgreSQL at " + settings.url() + ": " + e.getMessage());
        }
    }
}
