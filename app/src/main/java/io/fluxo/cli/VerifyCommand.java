package io.fluxo.cli;

import io.fluxo.config.UserException;
import io.fluxo.generator.receivables.ExpectationFile;
import io.fluxo.generator.receivables.ReceivableExpectation;
import io.fluxo.generator.transactions.TransactionExpectation;
import io.fluxo.generator.transactions.TransactionExpectationFile;
import io.fluxo.verify.DurationArg;
import io.fluxo.verify.TransactionsVerifier;
import io.fluxo.verify.Verifier;
import io.fluxo.verify.VerifyResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Checks a pipeline's live sinks against what `fluxo produce ... --expect FILE` sent.",
            "Retries until everything matches or the timeout passes; exits 0 when all match, 1 otherwise."})
public final class VerifyCommand implements Callable<Integer> {
    static final int MISMATCHES_SHOWN = 20;

    @ParentCommand
    FluxoCli root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<pipeline>", description = "receivables.")
    String pipeline;

    @Option(names = "--expect", required = true, paramLabel = "FILE", description = "The file fluxo produce --expect wrote.")
    Path expect;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "60s",
            description = "How long to wait for the pipeline to catch up, e.g. 30s, 2m (default: ${DEFAULT-VALUE}).")
    String timeout;

    @Override
    public Integer call() {
        String name = pipeline.toLowerCase(Locale.ROOT);
        switch (name) {
            case "receivables" -> {
            }
            case "transactions" -> {
                return verifyTransactions();
            }
            case "medallion", "commerce" -> throw new UserException(
                    "Cannot verify " + name + ": its generator and verifier are not built yet (available: receivables, transactions)");
            default -> throw new UserException("Invalid pipeline: " + pipeline
                    + " (use receivables, transactions, medallion or commerce)");
        }
        Duration wait = DurationArg.parse("--timeout", timeout);
        List<ReceivableExpectation> expected = ExpectationFile.read(expect);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        VerifyResult result;
        try (Verifier verifier = Verifier.create(root.config())) {
            long deadline = System.nanoTime() + wait.toNanos();
            result = verifier.verify(expected, wait, r -> {
                long left = Math.max(0, (deadline - System.nanoTime()) / 1_000_000_000L);
                err.printf(Locale.ROOT, "waiting for the pipeline: %d/%d match, %d differ, %d missing (%d s left)%n",
                        r.matched(), r.receivables(), r.differing(), r.missing(), left);
                err.flush();
            });
        }
        List<String> mismatches = result.mismatches();
        for (String m : mismatches.subList(0, Math.min(MISMATCHES_SHOWN, mismatches.size()))) {
            out.println("  " + m);
        }
        if (mismatches.size() > MISMATCHES_SHOWN) {
            out.printf(Locale.ROOT, "  ... %d%s more mismatches%n", mismatches.size() - MISMATCHES_SHOWN,
                    mismatches.size() == VerifyResult.MAX_MISMATCHES ? "+" : "");
        }
        out.println(result.summary());
        out.flush();
        return result.ok() ? 0 : 1;
    }

    private Integer verifyTransactions() {
        Duration wait = DurationArg.parse("--timeout", timeout);
        List<TransactionExpectation> expected = TransactionExpectationFile.read(expect);
        PrintWriter out = spec.commandLine().getOut();
        TransactionsVerifier.Result result = new TransactionsVerifier(root.config().postgres()).verify(expected, wait);
        List<String> mismatches = result.mismatches();
        for (String m : mismatches.subList(0, Math.min(MISMATCHES_SHOWN, mismatches.size()))) {
            out.println("  " + m);
        }
        if (mismatches.size() > MISMATCHES_SHOWN) {
            out.printf(Locale.ROOT, "  ... %d more mismatches%n", mismatches.size() - MISMATCHES_SHOWN);
        }
        out.println(result.summary());
        out.flush();
        return result.ok() ? 0 : 1;
    }
}
