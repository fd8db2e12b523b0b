package io.fluxo.pipeline.medallion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fluxo.testing.TestSpark;
import io.fluxo.testing.TransactionsFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The medallion as a user runs it, each command in its own JVM: the transactions generator writes the --expect file,
 * {@code fluxo run medallion} runs the three queries, {@code fluxo lake optimize} compacts every table while they
 * write, the driver is killed (SIGKILL) mid-stream, {@code run medallion --available-now} finishes from the three
 * checkpoints, and {@code fluxo verify medallion} finds bronze, silver, the quarantine, gold and
 * gold_transacoes_minuto exactly as one clean run: no bronze offset twice, no gold row counted twice.
 */
class MedallionRestartIT {
    @TempDir
    Path dir;

    @Test
    void optimizeWhileRunningThenAHardKillAndARestartLeaveTheLakeAsOneCleanRun() throws Exception {
        TransactionsFixture f = new TransactionsFixture("medallion-cli", 300, Map.of(
                "FLUXO_MEDALLION_LAKE", dir.resolve("lake").toString(),
                "FLUXO_MEDALLION_TRIGGER", "1s",
                "FLUXO_MEDALLION_MAX__OFFSETS__PER__TRIGGER", "150"));
        Path expect = dir.resolve("expect.jsonl");
        Process produce = f.startChild(Map.of(), "produce", "transactions", "--count", "6000", "--users", "300",
                "--duplicate-rate", "0.02", "--invalid-rate", "0.02", "--expect", expect.toString());
        assertThat(produce.waitFor(3, TimeUnit.MINUTES)).isTrue();
        assertThat(produce.exitValue()).as("produce, see " + f.log()).isZero();
        MedallionExpectation expected = MedallionExpectation.of(io.fluxo.banking.SentFile.read(expect));
        assertThat(expected.duplicates()).isPositive();
        assertThat(expected.quarantined()).isPositive();

        Process run = f.startChild(Map.of(), "run", "medallion", "--status-every", "2s");
        long silverAtKill;
        try {
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                    .until(() -> !run.isAlive() || f.count("select count(*) from gold_transacoes_minuto") > 0);
            assertThat(run.isAlive()).as("the pipeline runs, see " + f.log()).isTrue();
            Process optimize = f.startChild(Map.of(), "lake", "optimize");
            assertThat(optimize.waitFor(3, TimeUnit.MINUTES)).isTrue();
            assertThat(optimize.exitValue()).as("optimize, see " + f.log()).isZero();
            assertThat(Files.readString(f.log())).contains("optimize bronze: ", "optimize gold: ");
            assertThat(run.isAlive()).as("the pipeline survives optimize, see " + f.log()).isTrue();
            silverAtKill = silverRows(TestSpark.session(), f);
        } finally {
            run.destroyForcibly();
            run.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(silverAtKill).as("killed mid-stream").isLessThan(expected.silver().size());

        // From the checkpoint: the batch the kill cut short again as its offset log holds it (150 records), the
        // rest in larger batches, so that the drain does not pay a Delta commit per 150 records.
        Process restarted = f.startChild(Map.of("FLUXO_MEDALLION_MAX__OFFSETS__PER__TRIGGER", "3000"),
                "run", "medallion", "--available-now");
        assertThat(restarted.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(restarted.exitValue()).as("restart, see " + f.log()).isZero();

        Process verify = f.startChild(Map.of(), "verify", "medallion", "--expect", expect.toString(), "--timeout", "1s");
        assertThat(verify.waitFor(3, TimeUnit.MINUTES)).isTrue();
        assertThat(verify.exitValue()).as("verify, see " + f.log()).isZero();
        assertThat(Files.readString(f.log())).containsPattern(String.format(java.util.Locale.ROOT, "verify medallion: bronze"
                + " %,d of %,d records; silver %,d of %,d transactions match .*in no minute\\): OK",
                expected.bronzeRecords(), expected.bronzeRecords(), expected.silver().size(), expected.silver().size()));
        SparkSession spark = TestSpark.session();
        assertThat(spark.read().format("delta").load(dir.resolve("lake").resolve(MedallionTables.BRONZE).toString())
                .select("partition", "offset").distinct().count()).isEqualTo(expected.bronzeRecords());

        Process show = f.startChild(Map.of(), "lake", "show", "gold", "--limit", "3");
        assertThat(show.waitFor(3, TimeUnit.MINUTES)).isTrue();
        assertThat(show.exitValue()).isZero();
        assertThat(Files.readString(f.log())).contains("minuto | id_regiao | modalidade_pagamento | quantidade",
                String.format(java.util.Locale.ROOT, "%,d rows in gold (", spark.read().format("delta")
                        .load(dir.resolve("lake").resolve(MedallionTables.GOLD).toString()).count()));
    }

    private static long silverRows(SparkSession spark, TransactionsFixture f) {
        String silver = MedallionSettings.of(f.config).lake().table(MedallionTables.SILVER);
        return io.delta.tables.DeltaTable.isDeltaTable(spark, silver) ? spark.read().format("delta").load(silver).count() : 0;
    }
}
