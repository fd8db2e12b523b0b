package io.fluxo.pipeline.medallion;

import io.delta.tables.DeltaTable;
import io.fluxo.config.ConfigSource;
import io.fluxo.config.DurationArg;
import io.fluxo.config.FluxoConfig;
import io.fluxo.config.UserException;
import io.fluxo.sink.delta.DeltaLake;
import io.fluxo.sink.delta.S3Settings;
import io.fluxo.spark.SparkSessions;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code fluxo lake optimize|vacuum|show}: the medallion's Delta tables by their short names ({@link #TABLES}) or
 * their paths in the lake (e.g. gold/transacoes_minuto).
 */
final class LakeCommands {
    /** Short name → path in the lake, in the order data flows. */
    static final Map<String, String> TABLES = new LinkedHashMap<>();
    static final int CELL_CHARS = 60;

    static {
        TABLES.put("bronze", MedallionTables.BRONZE);
        TABLES.put("silver", MedallionTables.SILVER);
        TABLES.put("quarantine", MedallionTables.QUARANTINE);
        TABLES.put("gold", MedallionTables.GOLD);
        TABLES.put("late", MedallionTables.LATE);
        TABLES.put("watermarks", MedallionTables.WATERMARKS);
        TABLES.put("refused", MedallionTables.REFUSED);
    }

    private LakeCommands() {
    }

    static CommandLine group(ConfigSource configs) {
        CommandLine lake = new CommandLine(new Group());
        lake.addSubcommand(new Optimize(configs));
        lake.addSubcommand(new Vacuum(configs));
        lake.addSubcommand(new Show(configs));
        return lake;
    }

    @Command(name = "lake", mixinStandardHelpOptions = true, description = {"The medallion's Delta tables (fluxo.medallion.lake):",
        "compact them, remove old files, look at them. Tables: bronze, silver, quarantine, gold, late, watermarks,", "refused."})
    static final class Group implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().usage(spec.commandLine().getOut());
            return 0;
        }
    }

    /**
     * The short name of a table given by short name or path.
     *
     * @throws UserException "Invalid table: x (use one of bronze, silver, …)"
     */
    static String table(String given) {
        String name = given == null ? "" : given.strip().toLowerCase(Locale.ROOT);
        if (TABLES.containsKey(name)) {
            return name;
        }
        for (Map.Entry<String, String> e : TABLES.entrySet()) {
            if (e.getValue().equals(name)) {
                return e.getKey();
            }
        }
        throw new UserException("Invalid table: " + given + " (use one of " + String.join(", ", TABLES.keySet()) + ")");
    }

    /** The tables a command acts on: the one given, or all. */
    private static List<String> tables(String given) {
        return given == null ? List.copyOf(TABLES.keySet()) : List.of(table(given));
    }

    /** The session, once the lake is known reachable (a one-line error otherwise). */
    private static SparkSession spark(FluxoConfig config, MedallionSettings m) {
        DeltaLake.prepare(m.lake(), S3Settings.of(config));
        return SparkSessions.getOrCreate(config);
    }

    /** The table at its path, or a one-line error when the pipeline has not created it yet. */
    static DeltaTable open(SparkSession spark, MedallionSettings m, String name, String action) {
        String path = m.lake().table(TABLES.get(name));
        if (!DeltaTable.isDeltaTable(spark, path)) {
            throw new UserException("Cannot " + action + " " + name + ": no Delta table at " + path + " (the medallion"
                    + " creates its tables on its first run: ./fluxo run medallion)");
        }
        return DeltaTable.forPath(spark, path);
    }

    @Command(name = "optimize", mixinStandardHelpOptions = true, description = {"Compacts each table's small files into",
        "larger ones (Delta OPTIMIZE); safe while the pipeline runs: readers and writers keep their snapshot."})
    static final class Optimize implements Callable<Integer> {
        private final ConfigSource configs;

        @Spec
        CommandSpec spec;

        @Option(names = "--table", paramLabel = "T", description = "One table (default: all).")
        String table;

        Optimize(ConfigSource configs) {
            this.configs = configs;
        }

        @Override
        public Integer call() {
            List<String> names = tables(table);
            FluxoConfig config = configs.config();
            MedallionSettings m = MedallionSettings.of(config);
            SparkSession spark = spark(config, m);
            PrintWriter out = spec.commandLine().getOut();
            for (String name : names) {
                DeltaTable t = open(spark, m, name, "optimize");
                // A pipeline commit that wins the race for the same files: compacted again on the new snapshot.
                Row metrics = MedallionTables.retryingConflicts("optimize " + name,
                        () -> t.optimize().executeCompaction().first().getStruct(1));
                out.printf(Locale.ROOT, "optimize %s: %,d files compacted into %,d%n", name,
                        metrics.<Long>getAs("numFilesRemoved"), metrics.<Long>getAs("numFilesAdded"));
                out.flush();
            }
            return 0;
        }
    }

    @Command(name = "vacuum", mixinStandardHelpOptions = true, description = {"Removes the files a table no longer",
        "uses that are older than the retention (Delta VACUUM); time travel before it is lost."})
    static final class Vacuum implements Callable<Integer> {
        private final ConfigSource configs;

        @Spec
        CommandSpec spec;

        @Option(names = "--table", paramLabel = "T", description = "One table (default: all).")
        String table;

        @Option(names = "--retain", paramLabel = "DURATION", defaultValue = "168h",
                description = "Keep files removed less than this long ago; at least 168h (default: ${DEFAULT-VALUE}).")
        String retain;

        Vacuum(ConfigSource configs) {
            this.configs = configs;
        }

        @Override
        public Integer call() {
            Duration keep = DurationArg.parsePositive("--retain", retain);
            if (keep.compareTo(Duration.ofHours(168)) < 0) {
                throw new UserException("Invalid --retain: " + retain + " (at least 168h, Delta's default file retention:"
                        + " a shorter one can delete files a running query or a reader still needs)");
            }
            List<String> names = tables(table);
            FluxoConfig config = configs.config();
            MedallionSettings m = MedallionSettings.of(config);
            SparkSession spark = spark(config, m);
            PrintWriter out = spec.commandLine().getOut();
            double hours = keep.toMillis() / 3_600_000.0;
            for (String name : names) {
                DeltaTable t = open(spark, m, name, "vacuum");
                String sql = "VACUUM delta.`" + m.lake().table(TABLES.get(name)).replace("`", "``") + "` RETAIN "
                        + hours + " HOURS";
                long removable = spark.sql(sql + " DRY RUN").count();
                t.vacuum(hours);
                out.printf(Locale.ROOT, "vacuum %s: %,d files removed (unused for more than %s)%n", name, removable, retain);
                out.flush();
            }
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Prints a table's first rows and its row count.")
    static final class Show implements Callable<Integer> {
        private final ConfigSource configs;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "TABLE", description = "bronze, silver, quarantine, gold, late, watermarks or refused.")
        String table;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "Rows to print (default: ${DEFAULT-VALUE}).")
        int limit;

        Show(ConfigSource configs) {
            this.configs = configs;
        }

        @Override
        public Integer call() {
            String name = table(table);
            if (limit < 0) {
                throw new UserException("Invalid --limit: " + limit + " (must be 0 or more)");
            }
            FluxoConfig config = configs.config();
            MedallionSettings m = MedallionSettings.of(config);
            SparkSession spark = spark(config, m);
            Dataset<Row> rows = open(spark, m, name, "show").toDF();
            PrintWriter out = spec.commandLine().getOut();
            String[] columns = rows.columns();
            out.println(String.join(" | ", columns));
            for (Row r : rows.limit(limit).collectAsList()) {
                List<String> cells = new ArrayList<>(columns.length);
                for (int i = 0; i < columns.length; i++) {
                    cells.add(cell(r.get(i)));
                }
                out.println(String.join(" | ", cells));
            }
            out.printf(Locale.ROOT, "%,d rows in %s (%s)%n", rows.count(), name, m.lake().table(TABLES.get(name)));
            out.flush();
            return 0;
        }
    }

    /** A value as printed: bytes as UTF-8 text, times as instants, each cut to {@value #CELL_CHARS} characters. */
    static String cell(Object value) {
        String text;
        if (value == null) {
            text = "null";
        } else if (value instanceof byte[] bytes) {
            text = new String(bytes, StandardCharsets.UTF_8);
        } else if (value instanceof Timestamp t) {
            text = t.toInstant().toString();
        } else if (value instanceof java.math.BigDecimal d) {
            text = d.toPlainString();
        } else {
            text = value.toString();
        }
        text = text.replaceAll("[\\r\\n\\t]", " ");
        return text.length() <= CELL_CHARS ? text : text.substring(0, CELL_CHARS - 1) + "…";
    }
}
