package io.fluxo.pipeline.commerce;

import io.fluxo.config.ConfigSource;
import io.fluxo.config.UserException;
import io.fluxo.sink.SinkException;
import io.fluxo.sink.postgres.PostgresDataSources;
import io.fluxo.sink.postgres.PostgresSettings;
import io.fluxo.sink.postgres.Schema;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fluxo seed commerce}: the products and customers the commerce pipeline enriches its events with. */
@Command(name = CommercePipelineNames.NAME, description = {
    "Migrates the schema, then upserts N products p00001..pN (table products: name,",
    "category, price) and M customers c000001..cM (table customers: name, segment,",
    "country), generated from the seed: the same arguments give the same rows on any",
    "machine. Running it again with the same arguments changes nothing; rows beyond",
    "N or M from an earlier, bigger seed are left alone. A running pipeline reads",
    "them again every fluxo.commerce.reference-refresh."})
final class SeedCommerce implements Callable<Integer> {
    /** The generator's: `fluxo produce commerce` draws from the catalog these defaults seed. */
    static final int DEFAULT_PRODUCTS = CommerceGenerator.DEFAULT_PRODUCTS;
    static final int DEFAULT_CUSTOMERS = CommerceGenerator.DEFAULT_CUSTOMERS;

    private final ConfigSource configs;

    @Option(names = "--products", paramLabel = "N", defaultValue = "" + DEFAULT_PRODUCTS,
            description = "Number of products, 1 to " + CommerceCatalog.MAX_PRODUCTS + " (default: ${DEFAULT-VALUE}).")
    int products;

    @Option(names = "--customers", paramLabel = "M", defaultValue = "" + DEFAULT_CUSTOMERS,
            description = "Number of customers, 1 to " + CommerceCatalog.MAX_CUSTOMERS + " (default: ${DEFAULT-VALUE}).")
    int customers;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "" + CommerceGenerator.DEFAULT_CATALOG_SEED,
            description = "Seed of the catalog generator (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    SeedCommerce(ConfigSource configs) {
        this.configs = configs;
    }

    @Override
    public Integer call() {
        check(products, CommerceCatalog.MAX_PRODUCTS, "--products");
        check(customers, CommerceCatalog.MAX_CUSTOMERS, "--customers");
        PostgresSettings settings = PostgresSettings.of(configs.config());
        long start = System.nanoTime();
        Schema.Result schema;
        try {
            schema = Schema.migrate(PostgresDataSources.shared(settings));
        } catch (SinkException e) {
            throw new UserException(e.getMessage(), e);
        }
        seed(settings, products, customers, seed);
        System.out.printf(Locale.ROOT, "Seeded %s in %.1f s: schema version %s (%d migration%s applied), %d products"
                + " %s..%s and %d customers %s..%s from seed %d%n", settings.url(), (System.nanoTime() - start) / 1e9,
                schema.version(), schema.applied(), schema.applied() == 1 ? "" : "s", products,
                CommerceCatalog.productId(1), CommerceCatalog.productId(products), customers,
                CommerceCatalog.customerId(1), CommerceCatalog.customerId(customers), seed);
        return 0;
    }

    /** Writes the catalog of these arguments (also the demo's and the tests' way to seed). */
    static void seed(PostgresSettings settings, int products, int customers, long seed) {
        List<CommerceCatalog.Product> p = CommerceCatalog.products(products, seed);
        List<CommerceCatalog.Customer> c = CommerceCatalog.customers(customers, seed);
        try {
            CommerceReference.upsert(settings, p, c);
        } catch (SinkException e) {
            throw new UserException(e.getMessage() + " (nothing was written)", e);
        }
    }

    private static void check(int value, int max, String option) {
        if (value < 1 || value > max) {
            throw new UserException("Cannot seed commerce: " + option + " " + value + " is out of range (use 1 to "
                    + max + ")");
        }
    }
}
