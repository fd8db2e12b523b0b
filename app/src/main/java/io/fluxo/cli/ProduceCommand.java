package io.fluxo.cli;

import picocli.CommandLine.Command;

/** {@code fluxo produce <pipeline>}: each pipeline's generator, with its own options. */
@Command(name = "produce", mixinStandardHelpOptions = true, synopsisSubcommandLabel = "<pipeline>",
        description = {"Sends generated events to a pipeline's Kafka topics, with a progress bar and a summary.",
            "The same seed and options send the same events; --expect writes what the sinks must then hold,",
            "for `fluxo verify`. `fluxo produce <pipeline> --help` lists a pipeline's own options."})
final class ProduceCommand implements FluxoCli.PipelineGroup {
}
