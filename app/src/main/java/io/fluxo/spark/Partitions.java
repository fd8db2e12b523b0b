package io.fluxo.spark;

import java.util.Iterator;
import java.util.function.Function;

/** What the pipelines' mapPartitions functions share. */
public final class Partitions {
    private Partitions() {
    }

    /** The rows of a partition mapped one for one, lazily, as Spark pulls them. */
    public static <A, B> Iterator<B> map(Iterator<A> rows, Function<A, B> f) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public B next() {
                return f.apply(rows.next());
            }
        };
    }
}
