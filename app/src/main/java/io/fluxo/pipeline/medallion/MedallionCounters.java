package io.fluxo.pipeline.medallion;

/** The medallion's counters in {@link io.fluxo.pipeline.PipelineMetrics}. */
final class MedallionCounters {
    static final String PIPELINE = "medallion";
    static final String SILVER_ROWS = "silver_rows";
    static final String DUPLICATES = "duplicates";
    static final String QUARANTINED = "quarantined";
    static final String GOLD_ROWS = "gold_rows";
    static final String LATE = "late";
    /** Gold rows PostgreSQL refused for good (in gold/refused). */
    static final String REFUSED = "refused";

    private MedallionCounters() {
    }
}
