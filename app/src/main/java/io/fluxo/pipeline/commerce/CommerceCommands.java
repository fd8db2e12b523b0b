package io.fluxo.pipeline.commerce;

import io.fluxo.config.ConfigSource;
import io.fluxo.config.FluxoConfig;
import io.fluxo.config.UserException;
import io.fluxo.generator.ProduceSummary;
import io.fluxo.generator.ProgressBar;
import io.fluxo.pipeline.ProduceOptions;
import io.fluxo.pipeline.VerifyOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fluxo produce commerce} and {@code fluxo verify commerce}. */
final class CommerceCommands {
    private CommerceCommands() {
    }

    @Command(name = CommercePipelineNames.NAME, mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Sends generated sales events to sales_events: customers of `fluxo seed commerce` browsing in",
                "sessions, carts, purchases, revenue spikes, and out-of-order, late and invalid records at given rates.",
                "--expect writes every event sent, for `fluxo verify commerce`."})
    static final class Produce implements Callable<Integer> {
        private final ConfigSource configs;

        @Spec
        CommandSpec spec;

        @Mixin
        ProduceOptions common;

        @Option(names = "--late-rate", paramLabel = "X", defaultValue = "0",
                description = "Share of events 1 to 5 minutes behind the watermark (default: ${DEFAULT-VALUE}).")
        double lateRate;

        @Option(names = "--out-of-order-rate", paramLabel = "X", defaultValue = "0",
                description = "Share of events sent after newer ones, by less than the watermark (default: ${DEFAULT-VALUE}).")
        double outOfOrderRate;

        @Option(names = "--invalid-rate", paramLabel = "X", defaultValue = "0",
                description = "Share of records the pipeline refuses, each with its reason (default: ${DEFAULT-VALUE}).")
        double invalidRate;

        @Option(names = "--products", paramLabel = "N", defaultValue = "" + CommerceGenerator.DEFAULT_PRODUCTS,
                description = "Products to draw from; must match `fluxo seed commerce` (default: ${DEFAULT-VALUE}).")
        int products;

        @Option(names = "--customers", paramLabel = "N", defaultValue = "" + CommerceGenerator.DEFAULT_CUSTOMERS,
                description = "Customers to draw from; must match `fluxo seed commerce` (default: ${DEFAULT-VALUE}).")
        int customers;

        @Option(names = "--catalog-seed", paramLabel = "S", defaultValue = "" + CommerceGenerator.DEFAULT_CATALOG_SEED,
                description = "The --seed given to `fluxo seed commerce` (default: ${DEFAULT-VALUE}).")
        long catalogSeed;

        @Option(names = "--start", paramLabel = "ISO", defaultValue = "2026-01-05T12:00:00Z",
                description = "Event time of the first event (default: ${DEFAULT-VALUE}).")
        String start;

        @Option(names = "--pace", paramLabel = "EPS", defaultValue = "" + CommerceGenerator.DEFAULT_PACE,
                description = "Events per second of event time (default: ${DEFAULT-VALUE}).")
        double pace;

        Produce(ConfigSource configs) {
            this.configs = configs;
        }

        /** The generator's options from the flags; one-line errors naming the flag. */
        CommerceGenerator.Options options() {
            long startMillis;
            try {
                startMillis = OffsetDateTime.parse(start).toInstant().toEpochMilli();
            } catch (DateTimeParseException e) {
                throw new UserException("Invalid --start: " + start
                        + " (use an ISO-8601 date-time with its offset, such as 2026-01-05T12:00:00Z)");
            }
            try {
                return new CommerceGenerator.Options(common.seed(), common.count(), products, customers, catalogSeed,
                        startMillis, pace, outOfOrderRate, lateRate, invalidRate);
            } catch (IllegalArgumentException e) {
                throw new UserException(e.getMessage().replaceFirst("^Invalid (?=[a-z])", "Invalid --"));
            }
        }

        @Override
        public Integer call() {
            CommerceGenerator.Options options = options();
            double eventsPerSecond = common.eventsPerSecond();
            Path expect = common.expect();
            FluxoConfig config = configs.config();
            CommerceProducer producer = CommerceProducer.of(config);
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            ProduceSummary summary = producer.produce(options, eventsPerSecond,
                    ProgressBar.onStandardError(err, CommercePipelineNames.NAME), expect != null);
            Map<CommerceGenerator.Kind, Long> kinds = producer.kinds();
            out.printf(Locale.ROOT, "produced %,d records to %s at %s in %.1f s (%,.0f/s): %,d in order, %,d out of order,"
                    + " %,d late, %,d invalid%n", summary.total(), producer.topic(), config.kafka().bootstrapServers(),
                    summary.elapsed().toMillis() / 1000.0, summary.eventsPerSecond(),
                    kinds.getOrDefault(CommerceGenerator.Kind.IN_ORDER, 0L),
                    kinds.getOrDefault(CommerceGenerator.Kind.OUT_OF_ORDER, 0L),
                    kinds.getOrDefault(CommerceGenerator.Kind.LATE, 0L),
                    kinds.getOrDefault(CommerceGenerator.Kind.INVALID, 0L));
            if (expect != null) {
                CommerceExpectation x = producer.expectation();
                CommerceExpectationFile.write(expect, x);
                out.printf(Locale.ROOT, "expectation: %s (%,d events, invalid %s)%n", expect.toAbsolutePath(),
                        x.events().size(), x.invalidCounts());
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = CommercePipelineNames.NAME, mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Checks the commerce tables in PostgreSQL, sales_events.enriched and commerce.dlq against what",
                "`fluxo produce commerce --expect FILE` sent."})
    static final class Verify implements Callable<Integer> {
        private final ConfigSource configs;

        @Spec
        CommandSpec spec;

        @Mixin
        VerifyOptions common;

        @Option(names = "--skip-dlq", description = "Do not check the dead letters of commerce.dlq.")
        boolean skipDlq;

        Verify(ConfigSource configs) {
            this.configs = configs;
        }

        @Override
        public Integer call() {
            var wait = common.timeout();
            CommerceExpectation expected = CommerceExpectationFile.read(common.expect());
            CommerceVerifier.Result result = CommerceVerifier.of(configs.config()).verify(expected, wait, !skipDlq);
            return VerifyOptions.report(spec.commandLine().getOut(), result.mismatches(), result.capped(),
                    result.summary(), result.ok());
        }
    }
}
