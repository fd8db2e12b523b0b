package io.fluxo.cli;

import io.fluxo.config.UserException;
import io.fluxo.pipeline.receivables.LifecycleRebuild;
import io.fluxo.pipeline.receivables.ReceivablesPipeline;
import io.fluxo.sink.SinkException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "receivables", mixinStandardHelpOptions = true,
        description = "Maintenance of the receivables pipeline.",
        subcommands = ReceivablesCommand.Rebuild.class)
public final class ReceivablesCommand {
    @ParentCommand
    FluxoCli root;

    @Command(name = "rebuild", mixinStandardHelpOptions = true,
            description = {"Recompute every lifecycle document from the DynamoDB history",
                "(after a lost checkpoint or a changed rule). Safe while the pipeline runs."})
    static final class Rebuild implements Callable<Integer> {
        @ParentCommand
        ReceivablesCommand parent;

        @Override
        public Integer call() {
            var config = parent.root.config();
            new ReceivablesPipeline(config).prepare();
            long started = System.nanoTime();
            try {
                LifecycleRebuild.Result result = new LifecycleRebuild(config).run();
                System.out.printf("Rebuilt %d documents in %s from %d history items of %s in %.1f s%n", result.documents(),
                        config.receivables().index(), result.historyItems(), config.receivables().table(),
                        (System.nanoTime() - started) / 1e9);
                return 0;
            } catch (SinkException e) {
                throw new UserException(e.getMessage(), e);
            } catch (software.amazon.awssdk.core.exception.SdkException e) {
                throw new UserException("Cannot read the history table " + config.receivables().table() + " at "
                        + config.dynamodb().endpoint() + ": " + e.getMessage(), e);
            }
        }
    }
}
