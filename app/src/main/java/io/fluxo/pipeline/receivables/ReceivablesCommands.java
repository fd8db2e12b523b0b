package io.fluxo.pipeline.receivables;

import io.fluxo.config.ConfigSource;
import io.fluxo.config.FluxoConfig;
import io.fluxo.generator.ProduceSummary;
import io.fluxo.generator.ProgressBar;
import io.fluxo.pipeline.ProduceOptions;
import io.fluxo.pipeline.VerifyOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fluxo produce receivables} and {@code fluxo verify receivables}. */
final class ReceivablesCommands {
    private ReceivablesCommands() {
    }

    @Command(name = ReceivablesPipeline.NAME, mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Sends generated receivable events (schedulings, cancellations, negotiations) to the three",
                "receivables topics. --expect writes the lifecycle documents and history the sinks must then hold."})
    static final class Produce implements Callable<Integer> {
        private final ConfigSource configs;

        @Spec
        CommandSpec spec;

        @Mixin
        ProduceOptions common;

        @Option(names = "--cancel-rate", paramLabel = "X", defaultValue = "0.30",
                description = "Chance of a cancellation per receivable, again for each further one (default: ${DEFAULT-VALUE}).")
        double cancelRate;

        @Option(names = "--negotiate-rate", paramLabel = "X", defaultValue = "0.20",
                description = "Chance of a negotiation per receivable, again for each further one (default: ${DEFAULT-VALUE}).")
        double negotiateRate;

        @Option(names = "--over-allocation-rate", paramLabel = "X", defaultValue = "0",
                description = "Share of receivables cancelled/negotiated beyond their amount: INCONSISTENTE (default: ${DEFAULT-VALUE}).")
        double overAllocationRate;

        @Option(names = "--out-of-order-rate", paramLabel = "X", defaultValue = "0",
                description = "Share of follow-up events sent before their scheduling event (default: ${DEFAULT-VALUE}).")
        double outOfOrderRate;

        @Option(names = "--duplicate-rate", paramLabel = "X", defaultValue = "0",
                description = "Share of events sent twice (default: ${DEFAULT-VALUE}).")
        double duplicateRate;

        Produce(ConfigSource configs) {
            this.configs = configs;
        }

        @Override
        public Integer call() {
            ReceivablesOptions options = new ReceivablesOptions(common.seed(), common.count(), cancelRate, negotiateRate,
                    overAllocationRate, outOfOrderRate, duplicateRate);
            double eventsPerSecond = common.eventsPerSecond();
            Path expect = common.expect();
            FluxoConfig config = configs.config();

            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            ReceivablesProducer producer = new ReceivablesProducer(config);
            ProduceSummary summary = producer.produce(options, eventsPerSecond, ProgressBar.onStandardError(err, "events"),
                    expect != null);

            out.printf(Locale.ROOT, "produced %,d receivables events to Kafka at %s in %.1f s (%,.0f events/s)%n",
                    summary.total(), config.kafka().bootstrapServers(), summary.elapsed().toMillis() / 1000.0,
                    summary.eventsPerSecond());
            int width = summary.eventsPerTopic().keySet().stream().mapToInt(String::length).max().orElse(0);
            for (Map.Entry<String, Long> e : summary.eventsPerTopic().entrySet()) {
                out.printf(Locale.ROOT, "  %-" + width + "s  %,d%n", e.getKey(), e.getValue());
            }
            if (expect != null) {
                List<ReceivableExpectation> expectation = producer.expectation();
                ExpectationFile.write(expect, expectation);
                out.printf(Locale.ROOT, "expectation: %s (%,d receivables, %,d history items); check the sinks with:%n"
                        + "  fluxo verify receivables --expect %s%n", expect.toAbsolutePath(), expectation.size(),
                        producer.historyItems(), expect);
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = ReceivablesPipeline.NAME, mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Checks each lifecycle document in OpenSearch and each receivable's history in DynamoDB",
                "against what `fluxo produce receivables --expect FILE` sent."})
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
            List<ReceivableExpectation> expected = ExpectationFile.read(common.expect());
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            VerifyResult result;
            try (ReceivablesVerifier verifier = ReceivablesVerifier.create(configs.config())) {
                long deadline = System.nanoTime() + wait.toNanos();
                result = verifier.verify(expected, wait, r -> {
                    long left = Math.max(0, (deadline - System.nanoTime()) / 1_000_000_000L);
                    err.printf(Locale.ROOT, "waiting for the pipeline: %d/%d match, %d differ, %d missing (%d s left)%n",
                            r.matched(), r.receivables(), r.differing(), r.missing(), left);
                    err.flush();
                });
            }
            return VerifyOptions.report(out, result.mismatches(), result.mismatches().size() == VerifyResult.MAX_MISMATCHES,
                    result.summary(), result.ok());
        }
    }
}
