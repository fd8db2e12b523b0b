package io.fluxo.pipeline.medallion;

import io.fluxo.config.FluxoConfig;
import io.fluxo.pipeline.PipelineDemo;
import io.fluxo.sink.postgres.PostgresDataSources;
import io.fluxo.sink.postgres.PostgresSettings;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;

/**
 * The demo's medallion: it reads the bank_transactions the transactions demo's generator sends (no generator of
 * its own, so every transaction is in both pipelines), and reports gold's latest minute from PostgreSQL.
 */
final class MedallionDemo implements PipelineDemo {
    private final FluxoConfig config;

    MedallionDemo(FluxoConfig config) {
        this.config = config;
    }

    /** Nothing: the transactions demo's generator feeds bank_transactions. */
    @Override
    public void startGenerator(double eventsPerSecond) {
    }

    @Override
    public void stopGenerator() {
    }

    @Override
    public List<String> whereToLook() {
        MedallionSettings m = MedallionSettings.of(config);
        return List.of(
                "lake                 " + m.lake().lake() + " (bronze, silver, silver/quarantine, gold, gold/late)",
                "tables               ./fluxo lake show gold --limit 10   (also bronze, silver, quarantine, late)",
                "gold in PostgreSQL   psql '" + PostgresSettings.of(config).url().replace("jdbc:", "")
                        + "' -c 'select * from gold_transacoes_minuto order by minuto desc limit 10'");
    }

    /** "gold: 312 rows; latest minute 2026-01-05T04:12Z: 41 transactions, R$ 12,345.67" from PostgreSQL. */
    @Override
    public List<String> report() {
        try (Connection c = PostgresDataSources.shared(PostgresSettings.of(config)).getConnection();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("select (select count(*) from gold_transacoes_minuto), minuto, sum(quantidade),"
                        + " sum(valor_total) from gold_transacoes_minuto where minuto = (select max(minuto) from"
                        + " gold_transacoes_minuto) group by minuto")) {
            if (!r.next()) {
                return List.of("gold: no minute yet");
            }
            return List.of(String.format(Locale.ROOT, "gold: %,d rows; latest minute %s: %,d transactions, R$ %,.2f",
                    r.getLong(1), r.getTimestamp(2).toInstant(), r.getLong(3), r.getBigDecimal(4)));
        } catch (SQLException e) {
            return List.of("gold: cannot read gold_transacoes_minuto (" + e.getMessage() + ")");
        }
    }
}
