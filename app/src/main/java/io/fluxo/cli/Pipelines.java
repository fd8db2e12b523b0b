package io.fluxo.cli;

import io.fluxo.config.UserException;
import java.util.List;

/** The pipelines the CLI knows, and the one-line answer for those that are not built yet. */
final class Pipelines {
    static final List<String> ALL = List.of("receivables", "transactions", "medallion", "commerce");
    static final List<String> BUILT = List.of("receivables", "transactions");

    private Pipelines() {
    }

    static UserException notAvailable(String name) {
        if (ALL.contains(name)) {
            return new UserException("Cannot run " + name + ": that pipeline is not built yet (available: "
                    + String.join(", ", BUILT) + ")");
        }
        return new UserException("Invalid pipeline: " + name + " (use one of " + String.join(", ", BUILT) + ")");
    }
}
