package io.fluxo.sink.postgres;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A target table of {@link PostgresSink}: its name, the columns a row gives values for (in that order), the columns
 * of its unique key, and what a row whose key exists already does: by default every other column takes the new
 * value; {@code merge} gives a column its own SQL expression instead, in which {@code {t}} is the row in the table
 * and {@code excluded} the new one (a counter: {@code {t}.n + excluded.n}); {@code insertOnly} leaves the row as it
 * is (a record written once).
 */
public record TableSpec(String table, List<String> columns, List<String> conflictKeys, Map<String, String> merge,
        boolean insertOnly) implements Serializable {
    public TableSpec {
        requireNonNull(table, "table");
        columns = List.copyOf(columns);
        conflictKeys = List.copyOf(conflictKeys);
        merge = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(merge));
        if (columns.isEmpty() || !columns.containsAll(conflictKeys) || conflictKeys.isEmpty()) {
            throw new IllegalArgumentException("Invalid table spec of " + table + ": conflict keys " + conflictKeys
                    + " must be some of the columns " + columns);
        }
        if (!columns.containsAll(merge.keySet()) || merge.keySet().stream().anyMatch(conflictKeys::contains)
                || (insertOnly && !merge.isEmpty())) {
            throw new IllegalArgumentException("Invalid table spec of " + table + ": merged columns " + merge.keySet()
                    + " must be columns outside the key " + conflictKeys + (insertOnly ? ", and none when insert only" : ""));
        }
    }

    /** Every column outside the key takes the new value. */
    public TableSpec(String table, List<String> columns, List<String> conflictKeys) {
        this(table, columns, conflictKeys, Map.of(), false);
    }

    /** A row is written once: a row of the same key keeps what it holds. */
    public static TableSpec insertOnly(String table, List<String> columns, List<String> conflictKeys) {
        return new TableSpec(table, columns, conflictKeys, Map.of(), true);
    }

    /** The columns in {@code merge} by their expression, the other columns outside the key by the new value. */
    public static TableSpec merging(String table, List<String> columns, List<String> conflictKeys,
            Map<String, String> merge) {
        return new TableSpec(table, columns, conflictKeys, merge, false);
    }

    /** {@code insert ... select ... from stage on conflict (keys) do update set} every other column. */
    String upsertFrom(String stage) {
        String list = String.join(", ", columns);
        List<String> updated = insertOnly ? List.of() : columns.stream().filter(c -> !conflictKeys.contains(c))
                .map(c -> c + " = " + (merge.containsKey(c) ? merge.get(c).replace("{t}", table) : "excluded." + c))
                .toList();
        return "insert into " + table + " (" + list + ") select " + list + " from " + stage + " on conflict ("
                + String.join(", ", conflictKeys) + ") do " + (updated.isEmpty() ? "nothing" : "update set "
                + String.join(", ", updated));
    }
}
