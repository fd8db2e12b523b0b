package io.fluxo.pipeline.medallion;

import io.fluxo.banking.RejectReason;
import io.fluxo.config.UserException;
import io.fluxo.pipeline.VerifyOptions;
import io.fluxo.sink.postgres.PostgresDataSources;
import io.fluxo.sink.postgres.PostgresSettings;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Checks the medallion's Delta tables and PostgreSQL {@code gold_transacoes_minuto} against a
 * {@link MedallionExpectation}: a lake and a gold table that took exactly the records of that one run (a fresh
 * lake and database, as on a new stack).
 */
final class MedallionVerifier {
    /** What a check found; mismatches at most {@link VerifyOptions#MAX_MISMATCHES}. */
    record Result(List<String> mismatches, String summary) {
        boolean ok() {
            return mismatches.isEmpty();
        }
    }

    private final SparkSession spark;
    private final MedallionSettings settings;
    private final PostgresSettings postgres;

    MedallionVerifier(SparkSession spark, MedallionSettings settings, PostgresSettings postgres) {
        this.spark = spark;
        this.settings = settings;
        this.postgres = postgres;
    }

    /** Checks again every 2 s until everything matches or the timeout passes (the pipeline may still be catching up). */
    Result verify(MedallionExpectation expected, Duration timeout) {
        return VerifyOptions.untilOk(timeout, () -> check(expected), Result::ok);
    }

    Result check(MedallionExpectation expected) {
        List<String> mismatches = new ArrayList<>();
        long bronze = table(MedallionTables.BRONZE).count();
        if (bronze != expected.bronzeRecords()) {
            mismatches.add(String.format(Locale.ROOT, "bronze holds %,d records, %,d were sent", bronze,
                    expected.bronzeRecords()));
        }
        Map<String, String> silver = silver();
        Map<String, String> expectedSilver = expected.silver();
        int silverMatched = compare("silver transaction", expectedSilver, silver, mismatches);
        Map<RejectReason, Long> quarantine = quarantine();
        if (!quarantine.equals(expected.quarantine())) {
            mismatches.add("quarantine by reason is " + quarantine + ", expected " + expected.quarantine());
        }
        Map<String, Long> late = late(mismatches);
        for (Map.Entry<String, Long> l : late.entrySet()) {
            if (!expectedSilver.containsKey(l.getKey())) {
                mismatches.add("gold/late holds " + l.getKey() + ", which was not sent");
            } else if (l.getValue() <= 0) {
                mismatches.add("gold/late holds " + l.getKey() + " with lateness " + l.getValue() + " ms (not behind)");
            }
        }
        Map<String, String> expectedGold = expected.goldWithout(late.keySet());
        int deltaMatched = compare("gold (Delta) row", expectedGold, gold(), mismatches);
        int postgresMatched = compare("gold_transacoes_minuto row", expectedGold, postgresGold(), mismatches);
        long refused = table(MedallionTables.REFUSED).count();
        if (refused > 0) {
            mismatches.add(String.format(Locale.ROOT, "gold/refused holds %,d rows PostgreSQL refused: see them with"
                    + " ./fluxo lake show refused", refused));
        }
        List<String> shown = mismatches.size() > VerifyOptions.MAX_MISMATCHES
                ? mismatches.subList(0, VerifyOptions.MAX_MISMATCHES) : mismatches;
        String summary = String.format(Locale.ROOT, "verify medallion: bronze %,d of %,d records; silver %,d of %,d"
                + " transactions match (%,d rows); quarantine %,d of %,d; gold %,d rows: %,d match in Delta, %,d in"
                + " PostgreSQL; late %,d (behind the gold watermark: in gold/late, in no minute)%s", bronze,
                expected.bronzeRecords(), silverMatched, expectedSilver.size(), silver.size(),
                quarantine.values().stream().mapToLong(Long::longValue).sum(), expected.quarantined(),
                expectedGold.size(), deltaMatched, postgresMatched, late.size(), mismatches.isEmpty() ? ": OK" : "");
        return new Result(List.copyOf(shown), summary);
    }

    /** Adds a line per missing, differing and extra key; the number that match. */
    private static int compare(String what, Map<String, String> expected, Map<String, String> actual,
            List<String> mismatches) {
        int matched = 0;
        for (Map.Entry<String, String> e : expected.entrySet()) {
            String found = actual.get(e.getKey());
            if (found == null) {
                mismatches.add(what + " " + e.getKey() + " missing (expected " + e.getValue() + ")");
            } else if (!found.equals(e.getValue())) {
                mismatches.add(what + " " + e.getKey() + " is " + found + ", expected " + e.getValue());
            } else {
                matched++;
            }
        }
        for (String key : actual.keySet()) {
            if (!expected.containsKey(key)) {
                mismatches.add(what + " " + key + " not expected (" + actual.get(key) + ")");
            }
        }
        return matched;
    }

    private Dataset<Row> table(String relative) {
        String path = settings.lake().table(relative);
        try {
            return spark.read().format("delta").load(path);
        } catch (Exception e) {
            if (e instanceof AnalysisException || e.getCause() instanceof AnalysisException) {
                throw new UserException("Cannot verify medallion: no Delta table at " + path + " (start the pipeline"
                        + " with ./fluxo run medallion, or check fluxo.medallion.lake)", e);
            }
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
    }

    /** id → lateness in ms of every gold/late row. */
    private Map<String, Long> late(List<String> mismatches) {
        Map<String, Long> rows = new HashMap<>();
        for (Row r : table(MedallionTables.LATE).select("id_transacao", "lateness_ms").collectAsList()) {
            if (rows.put(r.getString(0), r.getLong(1)) != null) {
                mismatches.add("gold/late holds " + r.getString(0) + " twice");
            }
        }
        return rows;
    }

    private Map<String, String> silver() {
        Map<String, String> rows = new HashMap<>();
        for (Row r : table(MedallionTables.SILVER).select("id_transacao", "id_regiao", "modalidade_pagamento",
                "data_horario", "valor_transacao").collectAsList()) {
            String row = MedallionExpectation.silverRow(r.getString(1), r.getString(2), r.getTimestamp(3).getTime(),
                    r.getDecimal(4));
            String previous = rows.put(r.getString(0), row);
            if (previous != null) {
                rows.put(r.getString(0), previous + " and again " + row);
            }
        }
        return rows;
    }

    private Map<RejectReason, Long> quarantine() {
        Map<RejectReason, Long> byReason = new TreeMap<>();
        for (Row r : table(MedallionTables.QUARANTINE).groupBy("reason").count().collectAsList()) {
            byReason.put(RejectReason.valueOf(r.getString(0)), r.getLong(1));
        }
        return byReason;
    }

    private Map<String, String> gold() {
        Map<String, String> rows = new HashMap<>();
        for (Row r : table(MedallionTables.GOLD).collectAsList()) {
            rows.put(MedallionExpectation.goldKey(r.<Timestamp>getAs("minuto").getTime(), r.getAs("id_regiao"),
                    r.getAs("modalidade_pagamento")), MedallionExpectation.goldFigures(r.<Long>getAs("quantidade"),
                    r.getAs("valor_total"), r.getAs("valor_medio"), r.getAs("valor_maximo"), r.getAs("valor_minimo")));
        }
        return rows;
    }

    private Map<String, String> postgresGold() {
        Map<String, String> rows = new HashMap<>();
        try (Connection c = PostgresDataSources.shared(postgres).getConnection();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("select minuto, id_regiao, modalidade_pagamento, quantidade, valor_total,"
                        + " valor_medio, valor_maximo, valor_minimo from gold_transacoes_minuto")) {
            while (r.next()) {
                rows.put(MedallionExpectation.goldKey(r.getTimestamp(1).getTime(), r.getString(2), r.getString(3)),
                        MedallionExpectation.goldFigures(r.getLong(4), r.getBigDecimal(5), r.getBigDecimal(6),
                                r.getBigDecimal(7), r.getBigDecimal(8)));
            }
        } catch (SQLException e) {
            throw new UserException("Cannot verify medallion: cannot read gold_transacoes_minuto at " + postgres.url()
                    + ": " + e.getMessage() + " (is PostgreSQL up? ./fluxo stack status)", e);
        }
        return rows;
    }
}
