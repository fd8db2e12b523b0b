package io.fluxo.config;

import java.io.Serializable;

/**
 * The settings record of one part of Fluxo (a pipeline, a sink) and how it is read from the configuration.
 * {@link FluxoConfig#load} reads every registered section at start, so that the problems of all of them are
 * reported at once, and hands the records out by {@link FluxoConfig#section}.
 *
 * @param <T> the settings record; serializable, since Spark ships it to the executors
 */
public interface ConfigSection<T extends Serializable> {
    /** The key below which the settings live, e.g. {@code fluxo.receivables}; also the section's identity. */
    String path();

    /** Reads and checks the settings; problems go to {@link ConfigReader#check}, never thrown. */
    T read(ConfigReader reader);
}
