package io.fluxo.pipeline.medallion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.apache.spark.sql.functions.col;

import io.fluxo.amount.SubCentPolicy;
import io.fluxo.banking.RejectReason;
import io.fluxo.kafka.DataLossAudit;
import io.fluxo.pipeline.PipelineMetrics;
import io.fluxo.pipeline.PipelineRunner;
import io.fluxo.banking.SentRecords;
import io.fluxo.pipeline.transactions.TransactionExpectation;
import io.fluxo.pipeline.transactions.TransactionsOptions;
import io.fluxo.pipeline.transactions.TransactionsSettings;
import io.fluxo.sink.delta.DeltaLake;
import io.fluxo.sink.delta.LakeSettings;
import io.fluxo.sink.delta.S3Settings;
import io.fluxo.sink.postgres.PostgresSettings;
import io.fluxo.testing.TestSpark;
import io.fluxo.testing.TestStack;
import io.fluxo.testing.TransactionsFixture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The medallion's three queries on a local lake, against the test stack's Kafka and PostgreSQL: generated
 * transactions with redeliveries and invalid records of every reason. Bronze holds every record once; silver every
 * transaction once, typed and exactly as sent; the quarantine every invalid record with its reason; gold, in Delta
 * and in PostgreSQL, the per-minute figures computed here from what was sent; the same records sent again change
 * silver and gold not at all; a transaction far behind the watermark is in gold/late, not in its minute; a replayed
 * batch of any query changes nothing.
 */
class MedallionIT {
    @TempDir
    Path dir;

    @Test
    void bronzeKeepsEveryRecordAndSilverEveryTransactionOnceWithTheInvalidInQuarantine() throws Exception {
        TransactionsFixture f = new TransactionsFixture("medallion", 200, Map.of());
        TransactionsOptions options = TransactionsOptions.defaults(1_500).withUsers(200).withDuplicateRate(0.05)
                .withInvalidRate(0.05);
        List<TransactionExpectation> expected = f.produce(options);
        SentRecords sent = f.lastSent();
        assertThat(sent.duplicates()).isPositive();
        assertThat(sent.invalid()).hasSizeGreaterThan(3);

        MedallionSettings m = new MedallionSettings(TransactionsSettings.of(f.config).topic(),
                new LakeSettings(dir.resolve("lake").toString(), dir.resolve("checkpoints").toString()),
                Duration.ofMinutes(10), Duration.ofMinutes(10), Duration.ofSeconds(1), 400, "earliest", "json", "", 65_536, 1_024, 2, true);
        SparkSession spark = TestSpark.session();
        long duplicatesBefore = PipelineMetrics.of(MedallionCounters.PIPELINE).get(MedallionCounters.DUPLICATES);

        drain(spark, f, m);

        assertThat(bronze(spark, m).count()).isEqualTo(sent.records());
        assertThat(bronze(spark, m).select("partition", "offset").distinct().count()).isEqualTo(sent.records());
        assertThat(silverAsSent(spark, m)).isEqualTo(asSent(expected));
        assertThat(silver(spark, m).count()).isEqualTo(sent.transactions());
        assertThat(quarantineByReason(spark, m)).isEqualTo(sent.invalid());
        assertThat(quarantine(spark, m).filter(col("error").isNull().or(col("value").isNull())).count()).isZero();
        assertThat(PipelineMetrics.of(MedallionCounters.PIPELINE).get(MedallionCounters.DUPLICATES) - duplicatesBefore)
                .isEqualTo(sent.duplicates());
        Map<String, String> gold = goldAsSent(expected);
        assertThat(gold.size()).isGreaterThan(10);
        assertThat(gold(spark, m)).isEqualTo(gold);
        assertThat(postgresGold(f)).isEqualTo(gold);
        assertThat(late(spark, m).count()).isZero();

        // A crash after gold's last batch wrote and before Spark recorded it: the replay uses the watermark the batch
        // recorded, not one from gold as it is now (which holds the batch's own rows, so most of them would be
        // behind it), and so puts nothing in gold/late and hands PostgreSQL the same minutes.
        deleteLastCommit(Path.of(m.lake().checkpoint("gold")));
        drain(() -> DeltaStage.gold(spark, m, PostgresSettings.of(f.config), true));
        assertThat(gold(spark, m)).isEqualTo(gold);
        assertThat(late(spark, m).count()).isZero();
        assertThat(postgresGold(f)).isEqualTo(gold);

        // The same records again (same seed: the same transactions, ids and event times): bronze doubles, silver
        // stays, the invalid records are quarantined again (they are new Kafka records), every transaction counted.
        f.produce(options);
        drain(spark, f, m);
        assertThat(bronze(spark, m).count()).isEqualTo(2 * sent.records());
        assertThat(silverAsSent(spark, m)).isEqualTo(asSent(expected));
        assertThat(quarantine(spark, m).count()).isEqualTo(2 * sent.invalidTotal());
        assertThat(PipelineMetrics.of(MedallionCounters.PIPELINE).get(MedallionCounters.DUPLICATES) - duplicatesBefore)
                .isEqualTo(2 * sent.duplicates() + sent.transactions());
        assertThat(gold(spark, m)).isEqualTo(gold);
        assertThat(postgresGold(f)).isEqualTo(gold);

        // One transaction an hour behind the newest event time: silver takes it, gold's watermark (newest minus
        // 10 min) is 50 min ahead of it, so it is in gold/late with 3,000,000 ms of lateness and in no minute.
        long newest = expected.stream().mapToLong(e -> e.sent().dataHorario()).max().orElseThrow();
        long lateTime = newest - 3_600_000;
        f.send(TransactionsSettings.of(f.config).topic(), "u000001", "{\"id_transacao\":\"late-1\",\"id_usuario_pagador\":"
                + "\"u000001\",\"id_usuario_recebedor\":\"u000002\",\"id_regiao\":\"SP\",\"modalidade_pagamento\":\"PIX\","
                + "\"data_horario\":" + lateTime + ",\"valor_transacao\":10.00}");
        drain(spark, f, m);
        Map<String, String> silverWithLate = new HashMap<>(asSent(expected));
        silverWithLate.put("late-1", "SP PIX " + lateTime + " 10.00");
        assertThat(silverAsSent(spark, m)).isEqualTo(silverWithLate);
        assertThat(gold(spark, m)).isEqualTo(gold);
        assertThat(postgresGold(f)).isEqualTo(gold);
        List<Row> late = late(spark, m).collectAsList();
        assertThat(late).singleElement().satisfies(r -> {
            assertThat(r.<String>getAs("id_transacao")).isEqualTo("late-1");
            assertThat(r.<java.sql.Timestamp>getAs("watermark").getTime()).isEqualTo(newest - 600_000);
            assertThat(r.<Long>getAs("lateness_ms")).isEqualTo(3_000_000L);
        });

        // A crash after the sinks wrote and before Spark recorded the batch: the last batch of each query is read
        // again and written again by the same query id and batch number, which Delta skips.
        deleteLastCommit(Path.of(m.lake().checkpoint("bronze")));
        deleteLastCommit(Path.of(m.lake().checkpoint("silver")));
        deleteLastCommit(Path.of(m.lake().checkpoint("gold")));
        drain(spark, f, m);
        assertThat(bronze(spark, m).count()).isEqualTo(2 * sent.records() + 1);
        assertThat(silverAsSent(spark, m)).isEqualTo(silverWithLate);
        assertThat(quarantine(spark, m).count()).isEqualTo(2 * sent.invalidTotal());
        assertThat(gold(spark, m)).isEqualTo(gold);
        assertThat(postgresGold(f)).isEqualTo(gold);
        assertThat(late(spark, m).count()).isEqualTo(1);
    }

    /** The same chain with the lake on the stack's S3 server through s3a, the bucket created on first use. */
    @Test
    void theLakeOnS3HoldsTheSameTables() throws Exception {
        TestStack.start(java.util.Set.of(io.fluxo.stack.Service.S3));
        TransactionsFixture f = new TransactionsFixture("medallion-s3", 100, Map.of());
        List<TransactionExpectation> expected = f.produce(TransactionsOptions.defaults(400).withUsers(100)
                .withDuplicateRate(0.05).withInvalidRate(0.05));
        SentRecords sent = f.lastSent();
        String bucket = "fluxo-it-" + f.name.substring(f.name.length() - 8);
        MedallionSettings m = new MedallionSettings(TransactionsSettings.of(f.config).topic(),
                new LakeSettings("s3a://" + bucket + "/lake", dir.resolve("checkpoints").toString()),
                Duration.ofMinutes(10), Duration.ofMinutes(10), Duration.ofSeconds(1), 0, "earliest", "json", "", 65_536, 1_024, 2, true);
        DeltaLake.prepare(m.lake(), S3Settings.of(f.config));
        SparkSession spark = TestSpark.session();

        drain(spark, f, m);

        assertThat(bronze(spark, m).count()).isEqualTo(sent.records());
        assertThat(silverAsSent(spark, m)).isEqualTo(asSent(expected));
        assertThat(quarantineByReason(spark, m)).isEqualTo(sent.invalid());
        assertThat(gold(spark, m)).isEqualTo(goldAsSent(expected));
        assertThat(postgresGold(f)).isEqualTo(goldAsSent(expected));
    }

    /** Gold rows PostgreSQL refuses (here a constraint on DOC) go to gold/refused with its message; the rest is written. */
    @Test
    void aGoldRowPostgresRefusesGoesToGoldRefusedAndTheOthersAreWritten() throws Exception {
        TransactionsFixture f = new TransactionsFixture("medallion-refused", 200, Map.of());
        f.execute("alter table gold_transacoes_minuto add constraint no_doc check (modalidade_pagamento <> 'DOC')");
        List<TransactionExpectation> expected = f.produce(TransactionsOptions.defaults(1_000).withUsers(200));
        MedallionSettings m = new MedallionSettings(TransactionsSettings.of(f.config).topic(),
                new LakeSettings(dir.resolve("lake").toString(), dir.resolve("checkpoints").toString()),
                Duration.ofMinutes(10), Duration.ofHours(24), Duration.ofSeconds(1), 0, "earliest", "json", "", 65_536, 1_024, 2, true);
        SparkSession spark = TestSpark.session();

        drain(spark, f, m);

        Map<String, String> gold = goldAsSent(expected);
        Map<String, String> notDoc = new HashMap<>(gold);
        notDoc.keySet().removeIf(k -> k.endsWith(" DOC"));
        assertThat(notDoc.size()).isLessThan(gold.size());
        assertThat(gold(spark, m)).isEqualTo(gold);
        assertThat(postgresGold(f)).isEqualTo(notDoc);
        List<Row> refused = spark.read().format("delta").load(m.lake().table(MedallionTables.REFUSED)).collectAsList();
        assertThat(refused).hasSize(gold.size() - notDoc.size()).allSatisfy(r -> {
            assertThat(r.<String>getAs("reason")).isEqualTo("SINK_REJECTED");
            assertThat(r.<String>getAs("sql_state")).isEqualTo("23514");
            assertThat(r.<String>getAs("error")).contains("no_doc");
            assertThat(r.<String>getAs("modalidade_pagamento")).isEqualTo("DOC");
        });
    }

    @Test
    void theGoldMeanIsRoundedHalfToEvenToTheCent() {
        SparkSession spark = TestSpark.session();
        // total, count, mean: ties go to the even cent, the rest to the nearest
        String[][] cases = {{"0.05", "2", "0.02"}, {"0.07", "2", "0.04"}, {"0.10", "3", "0.03"}, {"0.20", "3", "0.07"},
            {"1.00", "8", "0.12"}, {"1.40", "8", "0.18"}, {"123.45", "1", "123.45"}, {"9999999999999999.99", "7",
                "1428571428571428.57"}};
        for (String[] c : cases) {
            BigDecimal mean = spark.sql("SELECT " + GoldBatchWriter.halfEvenMean("CAST(" + c[0] + " AS DECIMAL(18,2))",
                    "CAST(" + c[1] + " AS BIGINT)")).first().getDecimal(0);
            assertThat(mean).as(c[0] + " / " + c[1]).isEqualTo(new BigDecimal(c[2]));
        }
    }

    private static void drain(SparkSession spark, TransactionsFixture f, MedallionSettings m)
            throws StreamingQueryException {
        MedallionTables.create(spark, m.lake());
        DataLossAudit.ensureTopic(f.config, MedallionCounters.PIPELINE);
        drain(() -> BronzeQuery.start(spark, f.config, m, true));
        drain(() -> DeltaStage.silver(spark, m, m.parser(SubCentPolicy.REJECT), true));
        drain(() -> DeltaStage.gold(spark, m, PostgresSettings.of(f.config), true));
    }

    /** Runs a query until it has drained its source, once more after SPARK-55271 as the pipeline runner does. */
    private static void drain(java.util.function.Supplier<StreamingQuery> start) throws StreamingQueryException {
        for (int attempt = 1; ; attempt++) {
            StreamingQuery q = start.get();
            try {
                assertThat(q.awaitTermination(120_000)).as(q.name() + " drained within 2 min").isTrue();
                return;
            } catch (StreamingQueryException e) {
                if (attempt == 2 || !PipelineRunner.isSpark55271(e)) {
                    throw e;
                }
            }
        }
    }

    private static Dataset<Row> bronze(SparkSession spark, MedallionSettings m) {
        return spark.read().format("delta").load(m.lake().table(MedallionTables.BRONZE));
    }

    private static Dataset<Row> silver(SparkSession spark, MedallionSettings m) {
        return spark.read().format("delta").load(m.lake().table(MedallionTables.SILVER));
    }

    private static Dataset<Row> quarantine(SparkSession spark, MedallionSettings m) {
        return spark.read().format("delta").load(m.lake().table(MedallionTables.QUARANTINE));
    }

    private static Dataset<Row> late(SparkSession spark, MedallionSettings m) {
        return spark.read().format("delta").load(m.lake().table(MedallionTables.LATE));
    }

    /** "minuteMillis region modality" → "quantidade total medio maximo minimo" of Delta's gold. */
    private static Map<String, String> gold(SparkSession spark, MedallionSettings m) {
        Map<String, String> rows = new HashMap<>();
        for (Row r : spark.read().format("delta").load(m.lake().table(MedallionTables.GOLD)).collectAsList()) {
            rows.put(r.<java.sql.Timestamp>getAs("minuto").getTime() + " " + r.getAs("id_regiao") + " "
                    + r.getAs("modalidade_pagamento"), figures(r.<Long>getAs("quantidade"), r.getAs("valor_total"),
                    r.getAs("valor_medio"), r.getAs("valor_maximo"), r.getAs("valor_minimo")));
        }
        return rows;
    }

    private static Map<String, String> postgresGold(TransactionsFixture f) throws java.sql.SQLException {
        Map<String, String> rows = new HashMap<>();
        try (java.sql.Connection c = f.dataSource().getConnection();
                java.sql.ResultSet r = c.createStatement().executeQuery("select minuto, id_regiao, modalidade_pagamento,"
                        + " quantidade, valor_total, valor_medio, valor_maximo, valor_minimo from gold_transacoes_minuto")) {
            while (r.next()) {
                rows.put(r.getTimestamp(1).getTime() + " " + r.getString(2) + " " + r.getString(3), figures(r.getLong(4),
                        r.getBigDecimal(5), r.getBigDecimal(6), r.getBigDecimal(7), r.getBigDecimal(8)));
            }
        }
        return rows;
    }

    /** The gold figures computed here from what was sent: the mean by BigDecimal, half to even. */
    private static Map<String, String> goldAsSent(List<TransactionExpectation> expected) {
        Map<String, List<BigDecimal>> amounts = new HashMap<>();
        for (TransactionExpectation e : expected) {
            io.fluxo.banking.TransactionSent s = e.sent();
            amounts.computeIfAbsent(s.dataHorario() / 60_000 * 60_000 + " " + s.idRegiao() + " " + s.modalidadePagamento(),
                    k -> new java.util.ArrayList<>()).add(s.valorTransacao());
        }
        Map<String, String> rows = new HashMap<>();
        amounts.forEach((key, values) -> {
            BigDecimal total = values.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
            rows.put(key, figures(values.size(), total, total.divide(BigDecimal.valueOf(values.size()), 2,
                    java.math.RoundingMode.HALF_EVEN), values.stream().max(BigDecimal::compareTo).orElseThrow(),
                    values.stream().min(BigDecimal::compareTo).orElseThrow()));
        });
        return rows;
    }

    private static String figures(long count, BigDecimal total, BigDecimal mean, BigDecimal max, BigDecimal min) {
        return count + " " + total.toPlainString() + " " + mean.toPlainString() + " " + max.toPlainString() + " "
                + min.toPlainString();
    }

    private static Map<RejectReason, Long> quarantineByReason(SparkSession spark, MedallionSettings m) {
        Map<RejectReason, Long> byReason = new TreeMap<>();
        for (Row r : quarantine(spark, m).groupBy("reason").count().collectAsList()) {
            byReason.put(RejectReason.valueOf(r.getString(0)), r.getLong(1));
        }
        return byReason;
    }

    /** id → "region modality epochMillis amount" of every silver row (a duplicate id would fail the map). */
    private static Map<String, String> silverAsSent(SparkSession spark, MedallionSettings m) {
        Map<String, String> rows = new HashMap<>();
        for (Row r : silver(spark, m).collectAsList()) {
            String previous = rows.put(r.getAs("id_transacao"), r.<String>getAs("id_regiao") + " "
                    + r.<String>getAs("modalidade_pagamento") + " " + r.<java.sql.Timestamp>getAs("data_horario").getTime()
                    + " " + r.<BigDecimal>getAs("valor_transacao").toPlainString());
            assertThat(previous).as("silver holds " + r.getAs("id_transacao") + " once").isNull();
        }
        return rows;
    }

    private static Map<String, String> asSent(List<TransactionExpectation> expected) {
        Map<String, String> rows = new HashMap<>();
        for (TransactionExpectation e : expected) {
            io.fluxo.banking.TransactionSent s = e.sent();
            rows.put(e.idTransacao(), s.idRegiao() + " " + s.modalidadePagamento() + " " + s.dataHorario() + " "
                    + s.valorTransacao().toPlainString());
        }
        return rows;
    }

    private static void deleteLastCommit(Path checkpoint) {
        try (Stream<Path> commits = Files.list(checkpoint.resolve("commits"))) {
            Path last = commits.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .max(Comparator.comparingLong(p -> Long.parseLong(p.getFileName().toString()))).orElseThrow();
            Files.delete(last);
            Files.deleteIfExists(last.resolveSibling("." + last.getFileName() + ".crc"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
