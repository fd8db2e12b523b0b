package io.fluxo.config;

import java.util.Map;

/** Where a command gets its configuration: loaded once from --config FILE and FLUXO_*, or with overrides on top. */
public interface ConfigSource {
    FluxoConfig config();

    /** The configuration with these overrides (full key paths, e.g. fluxo.receivables.sinks) winning over all. */
    FluxoConfig config(Map<String, String> overrides);
}
