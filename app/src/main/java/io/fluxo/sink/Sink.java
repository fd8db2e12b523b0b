package io.fluxo.sink;

import java.io.Serializable;
import java.util.Iterator;

/**
 * Writes the rows of one micro-batch (or of one of its partitions) to an outside system. Writing the
 * same rows again for the same batch must leave the system exactly as one write did: Spark replays a
 * micro-batch after a crash between the sink write and the checkpoint commit.
 */
public interface Sink<T> extends Serializable {
    void write(long batchId, Iterator<T> rows);
}
