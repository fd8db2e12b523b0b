package io.fluxo.pipeline.transactions;

import io.fluxo.banking.Regions;
import io.fluxo.config.ConfigSource;
import io.fluxo.config.UserException;
import io.fluxo.sink.postgres.PostgresDataSources;
import io.fluxo.sink.postgres.PostgresSettings;
import io.fluxo.sink.postgres.Schema;
import java.sql.SQLException;
import java.util.Locale;
import java.util.concurrent.Callable;
import javax.sql.DataSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fluxo seed users}: the reference data of the transactions pipeline. */
@Command(name = "users", description = {
    "Migrates the schema, then upserts the 27 regions (table regioes: Brazilian",
    "federative units, capital coordinates, 2022 census population) and N users",
    "(table usuarios) u000001..uN generated from the seed: the same arguments give",
    "the same users on any machine, and the transactions generator picks its",
    "payers among them.",
    "Running it again with the same arguments changes nothing. A different --seed",
    "rewrites users u000001..uN. Users beyond N from an earlier, bigger --count",
    "are left alone (delete them with SQL if they are unwanted)."})
final class SeedUsers implements Callable<Integer> {
    private final ConfigSource configs;

    @Option(names = "--count", paramLabel = "N", defaultValue = "1000",
            description = "Number of users, 1 to " + UserSeed.MAX_USERS + " (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42",
            description = "Seed of the user generator (default: ${DEFAULT-VALUE}).")
    long randomSeed;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    SeedUsers(ConfigSource configs) {
        this.configs = configs;
    }

    @Override
    public Integer call() {
        if (count < 1 || count > UserSeed.MAX_USERS) {
            throw new UserException("Cannot seed users: --count " + count + " is out of range (use 1 to "
                    + UserSeed.MAX_USERS + ")");
        }
        PostgresSettings settings = PostgresSettings.of(configs.config());
        long start = System.nanoTime();
        DataSource dataSource = PostgresDataSources.shared(settings);
        Schema.Result schema = Schema.migrate(dataSource);
        ReferenceData.Result written;
        try {
            written = ReferenceData.upsert(dataSource, Regions.all(), UserSeed.generate(count, randomSeed));
        } catch (SQLException e) {
            throw new UserException("Cannot seed users into PostgreSQL at " + settings.url() + ": "
                    + e.getMessage().lines().findFirst().orElse("").strip() + " (nothing was written)", e);
        }
        System.out.printf(Locale.ROOT, "Seeded %s in %.1f s: schema version %s (%d migration%s applied), "
                + "%d regions (%s), %d users %s..%s from seed %d (%s)%n", settings.url(),
                (System.nanoTime() - start) / 1e9, schema.version(), schema.applied(), schema.applied() == 1 ? "" : "s",
                written.regions().total(), describe(written.regions()), written.users().total(), UserSeed.userId(1),
                UserSeed.userId(count), randomSeed, describe(written.users()));
        return 0;
    }

    private static String describe(ReferenceData.Counts counts) {
        return counts.inserted() + " new, " + counts.updated() + " updated, " + counts.unchanged() + " unchanged";
    }
}
