package io.fluxo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The generic commands, without servers: every pipeline is reachable by name, an unknown one is one line. */
class FluxoCliTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return FluxoCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void anUnknownPipelineIsOneLineListingTheKnownOnesForEveryCommand() {
        String line = "fluxo: Invalid pipeline: nope (use one of commerce, medallion, receivables, transactions)\n";
        assertThat(run("produce", "nope", "--count", "3")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo(line);
        err.getBuffer().setLength(0);
        assertThat(run("verify", "nope", "--expect", "x")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo(line);
        err.getBuffer().setLength(0);
        assertThat(run("run", "nope")).isEqualTo(1);
        assertThat(err.toString()).isEqualTo(line);
        err.getBuffer().setLength(0);
        assertThat(run("audit", "nope")).isEqualTo(1);
        assertThat(err.toString()).isEqualTo(line);
    }

    @Test
    void aMissingPipelineNamesTheKnownOnes() {
        assertThat(run("produce")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("fluxo: Missing the pipeline (use one of commerce, medallion, receivables, transactions;"
                + " see 'fluxo produce <pipeline> --help')\n");
    }

    @Test
    void theCommandsAreListedInTheOrderOfTheReadme() {
        assertThat(run("--help")).isZero();
        String help = out.toString();
        assertThat(help.indexOf("  demo ")).isLessThan(help.indexOf("  stack ")).isLessThan(help.indexOf("  produce "));
        assertThat(help.indexOf("  produce ")).isLessThan(help.indexOf("  run ")).isLessThan(help.indexOf("  verify "));
        assertThat(help.indexOf("  bench ")).isLessThan(help.indexOf("  seed ")).isLessThan(help.indexOf("  receivables "));
    }

    @Test
    void eachPipelineBringsItsOwnProduceOptions() {
        assertThat(run("produce", "receivables", "--help")).isZero();
        assertThat(out.toString()).contains("--count=N", "--cancel-rate=X", "--duplicate-rate=X").doesNotContain("--fraud-rate");
        out.getBuffer().setLength(0);
        assertThat(run("produce", "transactions", "--help")).isZero();
        assertThat(out.toString()).contains("--count=N", "--fraud-rate=X", "--format=json|avro").doesNotContain("--cancel-rate");
    }

    @Test
    void anOptionOfAnotherPipelineIsRefusedByName() {
        assertThat(run("produce", "transactions", "--count", "5", "--cancel-rate", "0.5")).isEqualTo(2);
        assertThat(err.toString()).startsWith("fluxo: Unknown options: '--cancel-rate', '0.5'");
    }

    @Test
    void theBenchHelpShowsEveryPlansOwnOptions() {
        assertThat(run("bench", "--help")).isZero();
        assertThat(out.toString()).contains("--sink-items=N", "--users=U", "--window=DURATION");
    }

    @Test
    void pipelinesAddTheirOwnCommands() {
        assertThat(run("receivables", "--help")).isZero();
        assertThat(out.toString()).contains("rebuild");
        out.getBuffer().setLength(0);
        assertThat(run("seed", "--help")).isZero();
        assertThat(out.toString()).contains("users");
    }

    @Test
    void aBadCountIsOneLineBeforeAnythingIsSent() {
        assertThat(run("produce", "receivables", "--count", "0")).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("fluxo: Invalid --count: 0 (must be at least 1)\n");
    }

    @Test
    void theMedallionsOwnCommandsRefuseInOneLineBeforeAnyServerIsAsked() {
        assertThat(run("lake", "show", "platinum")).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("fluxo: Invalid table: platinum (use one of bronze, silver, quarantine, gold,"
                + " late, watermarks, refused)\n");
        err.getBuffer().setLength(0);
        assertThat(run("lake", "vacuum", "--retain", "1h")).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("fluxo: Invalid --retain: 1h (at least 168h, Delta's default file retention:"
                + " a shorter one can delete files a running query or a reader still needs)\n");
        err.getBuffer().setLength(0);
        assertThat(run("replay", "medallion", "--from-dlq")).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("fluxo: Cannot replay medallion: it keeps the records it refuses in a table"
                + " of its own, not a dead-letter topic (see them with ./fluxo lake show quarantine)\n");
        err.getBuffer().setLength(0);
        assertThat(run("bench", "medallion", "--events", "0")).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("fluxo: Invalid --events: 0 (must be at least 1)\n");
    }

    @Test
    void replayNamesAnUnknownPipelineAndABadFlagInOneLine() {
        assertThat(run("replay", "nope", "--from-dlq")).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("fluxo: Invalid pipeline: nope (use one of commerce, medallion, receivables, transactions)\n");
        err.getBuffer().setLength(0);
        assertThat(run("replay", "receivables", "--from-dlq", "--since", "soon")).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("fluxo: Invalid --since: soon (use an ISO-8601 instant such as"
                + " 2026-01-31T12:00:00Z, or a duration such as 30m or 2h)\n");
        err.getBuffer().setLength(0);
        assertThat(run("replay", "receivables")).isEqualTo(2);
        assertThat(err.toString()).startsWith("fluxo: Missing required option: '--from-dlq'");
    }
}
