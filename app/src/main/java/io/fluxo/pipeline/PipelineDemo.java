package io.fluxo.pipeline;

import java.util.List;

/** One pipeline's part of {@code fluxo demo}, for one configuration. */
public interface PipelineDemo {
    /** Reference data and whatever else the generator needs, before the generator and the query start. */
    default void prepare() {
    }

    /** Starts this pipeline's generator in the background, sending events at the given rate until stopped. */
    void startGenerator(double eventsPerSecond);

    void stopGenerator();

    /** Lines that tell where to look at this pipeline's outputs (a command to paste, a table, a topic). */
    List<String> whereToLook();

    /** More lines for each periodic report, e.g. a business view read from a sink; may be empty. */
    default List<String> report() {
        return List.of();
    }
}
