package io.fluxo.cli;

import io.fluxo.config.FluxoConfig;
import io.fluxo.dlq.DeadLetterReplay;
import io.fluxo.dlq.ReplayFilter;
import io.fluxo.pipeline.Pipeline;
import io.fluxo.pipeline.PipelineRegistry;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Send dead letters of a pipeline back to the topics they came from, each at most once",
            "(after a rule was fixed or upstream data repaired); replayed letters are recorded in <dlq>.replayed."})
public final class ReplayCommand implements Callable<Integer> {
    @ParentCommand
    FluxoCli root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PIPELINE", description = "The pipeline: ${COMPLETION-CANDIDATES}.",
            completionCandidates = RunCommand.PipelineNames.class)
    String pipeline;

    @Option(names = "--from-dlq", required = true, description = "Replay from the pipeline's dead-letter topic.")
    boolean fromDlq;

    @Option(names = "--reason", paramLabel = "R",
            description = "Only letters of this reason code (repeatable, or a comma list), e.g. INVALID_AMOUNT.")
    List<String> reasons;

    @Option(names = "--since", paramLabel = "T",
            description = "Only letters that failed at or after T: an ISO-8601 instant, or a duration back from now (2h).")
    String since;

    @Option(names = "--dry-run", description = "Print what would be sent (per reason, per topic, first ids); send nothing.")
    boolean dryRun;

    @Override
    public Integer call() {
        Pipeline p = PipelineRegistry.get(pipeline);
        ReplayFilter filter = ReplayFilter.of(reasons, since, Instant.now());
        FluxoConfig config = root.config();
        String topic = p.deadLetterTopic(config).orElseThrow(() -> new io.fluxo.config.UserException("Cannot replay "
                + p.name() + ": it keeps the records it refuses in a table of its own, not a dead-letter topic"
                + " (see them with ./fluxo lake show quarantine)"));
        new DeadLetterReplay(config.kafka(), p.name(), topic)
                .run(filter, dryRun, spec.commandLine().getOut());
        return 0;
    }
}
