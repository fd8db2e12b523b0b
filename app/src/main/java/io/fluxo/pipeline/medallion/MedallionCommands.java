package io.fluxo.pipeline.medallion;

import io.fluxo.banking.SentFile;
import io.fluxo.config.ConfigSource;
import io.fluxo.config.FluxoConfig;
import io.fluxo.pipeline.VerifyOptions;
import io.fluxo.sink.delta.DeltaLake;
import io.fluxo.sink.delta.S3Settings;
import io.fluxo.sink.postgres.PostgresSettings;
import io.fluxo.spark.SparkSessions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code fluxo verify medallion}. */
final class MedallionCommands {
    private MedallionCommands() {
    }

    @Command(name = MedallionCounters.PIPELINE, mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Checks the lake (bronze, silver, quarantine, gold, gold/late) and PostgreSQL",
                "gold_transacoes_minuto against what `fluxo produce transactions --expect FILE` sent: a lake and",
                "gold table that took only that run (fresh, as on a new stack: ./fluxo stack down, then remove .fluxo)."})
    static final class Verify implements Callable<Integer> {
        private final ConfigSource configs;

        @Spec
        CommandSpec spec;

        @Mixin
        VerifyOptions common;

        Verify(ConfigSource configs) {
            this.configs = configs;
        }

        @Override
        public Integer call() {
            var wait = common.timeout();
            MedallionExpectation expected = MedallionExpectation.of(SentFile.read(common.expect()));
            FluxoConfig config = configs.config();
            MedallionSettings m = MedallionSettings.of(config);
            DeltaLake.prepare(m.lake(), S3Settings.of(config));
            MedallionVerifier.Result result = new MedallionVerifier(SparkSessions.getOrCreate(config), m,
                    PostgresSettings.of(config)).verify(expected, wait);
            return VerifyOptions.report(spec.commandLine().getOut(), result.mismatches(),
                    result.mismatches().size() >= VerifyOptions.MAX_MISMATCHES, result.summary(), result.ok());
        }
    }
}
