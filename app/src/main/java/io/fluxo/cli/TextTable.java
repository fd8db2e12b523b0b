package io.fluxo.cli;

import java.util.List;
import java.util.Set;

/** Rows of text as aligned columns, two spaces apart, for the commands that print tables. */
final class TextTable {
    private TextTable() {
    }

    /** The rows (the first one is the header), each line ending in {@code newline}; columns in {@code right} are right-aligned. */
    static String render(List<String[]> rows, Set<Integer> right, String newline) {
        int columns = rows.stream().mapToInt(r -> r.length).max().orElse(0);
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder table = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                String pad = " ".repeat(widths[i] - row[i].length());
                line.append(i == 0 ? "" : "  ").append(right.contains(i) ? pad + row[i] : row[i] + pad);
            }
            table.append(line.toString().stripTrailing()).append(newline);
        }
        return table.toString();
    }
}
