package io.fluxo.pipeline.commerce;

/** The commerce pipeline's name and the counters of its status line. */
final class CommercePipelineNames {
    static final String NAME = "commerce";
    static final String ON_TIME = "on_time_events";
    static final String LATE = "late_events";
    static final String SESSIONS = "sessions_closed";

    private CommercePipelineNames() {
    }
}
