package io.fluxo.cli;

import io.fluxo.config.DurationArg;
import io.fluxo.kafka.DataLoss;
import io.fluxo.kafka.DataLossAudit;
import io.fluxo.pipeline.Pipeline;
import io.fluxo.pipeline.PipelineRegistry;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code fluxo audit <pipeline>}: the offsets Kafka deleted before the pipeline read them, from its audit topic. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = {"List the data a pipeline lost: offsets Kafka deleted (retention) before the pipeline read them,",
            "as recorded in its audit topic <pipeline>.audit. Exits 0, with or without losses."})
public final class AuditCommand implements Callable<Integer> {
    private static final String[] HEADER = {"detected_at", "topic", "partition", "from", "to", "records", "batch", "query_id"};
    private static final java.util.Set<Integer> NUMBER_COLUMNS = java.util.Set.of(2, 3, 4, 5, 6);

    @ParentCommand
    FluxoCli root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PIPELINE", description = "The pipeline: ${COMPLETION-CANDIDATES}.",
            completionCandidates = RunCommand.PipelineNames.class)
    String pipeline;

    @Option(names = "--since", paramLabel = "DURATION",
            description = "Only losses detected in this last while, e.g. 1h or 30m (default: all).")
    String since;

    @Override
    public Integer call() {
        Pipeline p = PipelineRegistry.get(pipeline);
        Duration window = since == null ? null : DurationArg.parsePositive("--since", since);
        List<DataLoss> losses = DataLossAudit.read(root.config(), p.name());
        PrintWriter out = spec.commandLine().getOut();
        out.print(report(p.name(), losses, window, Instant.now()));
        out.flush();
        return 0;
    }

    /** The table of losses detected since {@code now - window} (all when window is null), or the line saying none. */
    static String report(String pipeline, List<DataLoss> losses, Duration window, Instant now) {
        Instant after = window == null ? Instant.MIN : now.minus(window);
        List<DataLoss> shown = losses.stream().filter(l -> !l.detectedAt().isBefore(after)).toList();
        if (shown.isEmpty()) {
            return "no data loss recorded for " + pipeline + (window == null ? "" : " in the last " + since(window)) + "\n";
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        long total = 0;
        for (DataLoss l : shown) {
            rows.add(new String[] {l.detectedAt().truncatedTo(ChronoUnit.SECONDS).toString(), l.topic(),
                String.valueOf(l.partition()), String.valueOf(l.from()), String.valueOf(l.to()), String.valueOf(l.count()),
                String.valueOf(l.batchId()), l.queryId()});
            total += l.count();
        }
        StringBuilder table = new StringBuilder(TextTable.render(rows, NUMBER_COLUMNS, "\n"));
        return table.append(shown.size()).append(shown.size() == 1 ? " loss, " : " losses, ").append(total)
                .append(" records lost in ").append(pipeline).append('\n').toString();
    }

    private static String since(Duration d) {
        long s = d.toSeconds();
        if (s > 0 && s % 3600 == 0) {
            return s / 3600 + "h";
        }
        if (s > 0 && s % 60 == 0) {
            return s / 60 + "m";
        }
        return s > 0 && d.toMillis() % 1000 == 0 ? s + "s" : d.toMillis() + "ms";
    }
}
