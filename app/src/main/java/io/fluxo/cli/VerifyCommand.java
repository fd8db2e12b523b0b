package io.fluxo.cli;

import picocli.CommandLine.Command;

/** {@code fluxo verify <pipeline>}: each pipeline's verifier. */
@Command(name = "verify", mixinStandardHelpOptions = true, synopsisSubcommandLabel = "<pipeline>",
        description = {"Checks a pipeline's live sinks against what `fluxo produce <pipeline> --expect FILE` sent.",
            "Retries until everything matches or the timeout passes; exits 0 when all match, 1 otherwise."})
final class VerifyCommand implements FluxoCli.PipelineGroup {
}
