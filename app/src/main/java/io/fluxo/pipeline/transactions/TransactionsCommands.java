package io.fluxo.pipeline.transactions;

import io.fluxo.banking.SentRecords;
import io.fluxo.config.ConfigSource;
import io.fluxo.config.FluxoConfig;
import io.fluxo.generator.ProduceSummary;
import io.fluxo.generator.ProgressBar;
import io.fluxo.pipeline.ProduceOptions;
import io.fluxo.pipeline.VerifyOptions;
import io.fluxo.sink.postgres.PostgresSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fluxo produce transactions} and {@code fluxo verify transactions}. */
final class TransactionsCommands {
    private TransactionsCommands() {
    }

    @Command(name = TransactionsPipeline.NAME, mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Sends generated bank transactions (JSON or Avro) to bank_transactions, paid by the users of",
                "`fluxo seed users`. --expect writes every transaction's verdict and risk score."})
    static final class Produce implements Callable<Integer> {
        private final ConfigSource configs;

        @Spec
        CommandSpec spec;

        @Mixin
        ProduceOptions common;

        @Option(names = "--fraud-rate", paramLabel = "X", defaultValue = "0.02",
                description = "Share of fraud-like transactions (default: ${DEFAULT-VALUE}).")
        double fraudRate;

        @Option(names = "--format", paramLabel = "json|avro", defaultValue = "json",
                description = "Payload format; avro is the Confluent wire format with schema id 1 (default: ${DEFAULT-VALUE}).")
        String format;

        @Option(names = "--users", paramLabel = "N", defaultValue = "1000",
                description = "Users to draw from; must match `fluxo seed users --count N` (default: ${DEFAULT-VALUE}).")
        int users;

        @Option(names = "--duplicate-rate", paramLabel = "X", defaultValue = "0",
                description = "Share of records that are exact redeliveries of a recent transaction (default: ${DEFAULT-VALUE}).")
        double duplicateRate;

        @Option(names = "--invalid-rate", paramLabel = "X", defaultValue = "0",
                description = "Share of records that are invalid, each of a kind the pipeline refuses with a reason"
                        + " (default: ${DEFAULT-VALUE}).")
        double invalidRate;

        @Option(names = "--users-seed", paramLabel = "S", defaultValue = "42",
                description = "The --seed given to `fluxo seed users` (default: ${DEFAULT-VALUE}).")
        long usersSeed;

        Produce(ConfigSource configs) {
            this.configs = configs;
        }

        @Override
        public Integer call() {
            TransactionsOptions options = new TransactionsOptions(common.seed(), common.count(), fraudRate,
                    TransactionsOptions.parseFormat(format), users, usersSeed, duplicateRate, invalidRate);
            double eventsPerSecond = common.eventsPerSecond();
            Path expect = common.expect();
            FluxoConfig config = configs.config();
            TransactionsSettings settings = TransactionsSettings.of(config);
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            TransactionsProducer producer = new TransactionsProducer(config.kafka().clientProperties(), settings.topic(),
                    settings.partitions(), settings.weights());
            ProduceSummary summary = producer.produce(options, eventsPerSecond,
                    ProgressBar.onStandardError(err, "transactions"), expect != null);
            SentRecords sent = producer.noise();
            out.printf(Locale.ROOT, "produced %,d %s (%s) to %s at %s in %.1f s (%,.0f/s)%s%n", summary.total(),
                    options.noisy() ? "records" : "transactions", options.format().label(), settings.topic(),
                    config.kafka().bootstrapServers(), summary.elapsed().toMillis() / 1000.0, summary.eventsPerSecond(),
                    options.noisy() ? String.format(Locale.ROOT, ": %,d transactions, %,d duplicates, %,d invalid %s",
                            sent.transactions(), sent.duplicates(), sent.invalidTotal(), sent.invalid()) : "");
            if (expect != null) {
                TransactionExpectationFile.write(expect, producer.expectation(), sent);
                out.printf(Locale.ROOT, "expectation: %s (verdicts %s)%n", expect.toAbsolutePath(), producer.verdictCounts());
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = TransactionsPipeline.NAME, mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Checks transacoes and alertas_fraude in PostgreSQL against what",
                "`fluxo produce transactions --expect FILE` sent."})
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
            var expected = TransactionExpectationFile.read(common.expect());
            TransactionsVerifier.Result result = new TransactionsVerifier(PostgresSettings.of(configs.config()))
                    .verify(expected, wait);
            return VerifyOptions.report(spec.commandLine().getOut(), result.mismatches(), false, result.summary(),
                    result.ok());
        }
    }
}
