package io.fluxo.sink.postgres;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.List;

/**
 * A target table of {@link PostgresSink}: its name, the columns a row gives values for (in that order), and
 * the columns of its unique key, on which a row that exists already is updated in place.
 */
public record TableSpec(String table, List<String> columns, List<String> conflictKeys) implements Serializable {
    public TableSpec {
        requireNonNull(table, "table");
        columns = List.copyOf(columns);
        conflictKeys = List.copyOf(conflictKeys);
        if (columns.isEmpty() || !columns.containsAll(conflictKeys) || conflictKeys.isEmpty()) {
            throw new IllegalArgumentException("Invalid table spec of " + table + ": conflict keys " + conflictKeys
                    + " must be some of the columns " + columns);
        }
    }

    /** {@code insert ... select ... from stage on conflict (keys) do update set} every other column. */
    String upsertFrom(String stage) {
        String list = String.join(", ", columns);
        List<String> updated = columns.stream().filter(c -> !conflictKeys.contains(c)).map(c -> c + " = excluded." + c)
                .toList();
        return "insert into " + table + " (" + list + ") select " + list + " from " + stage + " on conflict ("
                + String.join(", ", conflictKeys) + ") do " + (updated.isEmpty() ? "nothing" : "update set "
                + String.join(", ", updated));
    }
}
