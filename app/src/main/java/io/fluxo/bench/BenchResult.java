package io.fluxo.bench;

import java.time.Instant;

/** What the bench command shows and saves of any pipeline's bench run. */
public interface BenchResult {
    String pipeline();

    Instant startedAt();

    /** The aligned table for the screen. */
    String table();

    /** The same numbers, and more details, for a file. */
    String toJson();
}
