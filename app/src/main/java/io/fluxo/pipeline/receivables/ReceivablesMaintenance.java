package io.fluxo.pipeline.receivables;

import io.fluxo.config.ConfigSource;
import io.fluxo.config.UserException;
import io.fluxo.sink.SinkException;
import io.fluxo.sink.dynamodb.DynamoDbSettings;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code fluxo receivables rebuild}: maintenance of the receivables pipeline. */
final class ReceivablesMaintenance {
    private ReceivablesMaintenance() {
    }

    @Command(name = "rebuild", mixinStandardHelpOptions = true,
            description = {"Recompute every lifecycle document from the DynamoDB history",
                "(after a lost checkpoint or a changed rule). Safe while the pipeline runs."})
    static final class Rebuild implements Callable<Integer> {
        private final ConfigSource configs;

        Rebuild(ConfigSource configs) {
            this.configs = configs;
        }

        @Override
        public Integer call() {
            var config = configs.config();
            new ReceivablesPipeline().prepare(config);
            long started = System.nanoTime();
            try {
                LifecycleRebuild.Result result = new LifecycleRebuild(config).run();
                System.out.printf("Rebuilt %d documents in %s from %d history items of %s in %.1f s%n", result.documents(),
                        ReceivablesSettings.of(config).index(), result.historyItems(), ReceivablesSettings.of(config).table(),
                        (System.nanoTime() - started) / 1e9);
                if (result.stale() > 0) {
                    System.out.printf("%d of them were left as they are: the index holds a newer version (written by the"
                            + " pipeline after the rebuild's clock time)%n", result.stale());
                }
                return 0;
            } catch (SinkException e) {
                throw new UserException(e.getMessage(), e);
            } catch (software.amazon.awssdk.core.exception.SdkException e) {
                throw new UserException("Cannot read the history table " + ReceivablesSettings.of(config).table() + " at "
                        + DynamoDbSettings.of(config).endpoint() + ": " + e.getMessage(), e);
            }
        }
    }

    @Command(name = "receivables", mixinStandardHelpOptions = true, description = "Maintenance of the receivables pipeline.")
    static final class Group {
    }

    static picocli.CommandLine command(ConfigSource configs) {
        return new picocli.CommandLine(new Group()).addSubcommand("rebuild", new Rebuild(configs));
    }
}
