package io.fluxo.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fluxo seed <what>}: reference data; each "what" is contributed by the pipeline that reads it. */
@Command(name = "seed", description = "Writes a pipeline's reference data (e.g. users, products), creating the tables first.")
final class SeedCommand {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;
}
