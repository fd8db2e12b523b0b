package io.fluxo.pipeline.commerce;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The reference data of the commerce pipeline, generated from a seed: the same counts and seed give the same
 * products and customers on any machine (StrictMath, no locale, no clock). Products {@code p00001..}, customers
 * {@code c000001..}; a product's price runs from 2.00 to 800.00, most under 100.00.
 */
public final class CommerceCatalog {
    public static final int MAX_PRODUCTS = 99_999;
    public static final int MAX_CUSTOMERS = 999_999;
    static final List<String> CATEGORIES = List.of("electronics", "books", "home", "fashion", "sports", "toys",
            "beauty", "grocery");
    static final List<String> SEGMENTS = List.of("new", "regular", "vip");
    private static final double[] SEGMENT_WEIGHTS = {0.50, 0.35, 0.15};
    static final List<String> COUNTRIES = List.of("BR", "US", "PT", "AR", "MX", "DE");
    private static final List<String> ADJECTIVES = List.of("Compact", "Classic", "Smart", "Eco", "Deluxe", "Mini",
            "Pro", "Soft", "Rapid", "Urban");
    private static final List<String> NOUNS = List.of("Lamp", "Headphones", "Novel", "Backpack", "Sneakers", "Blender",
            "Puzzle", "Serum", "Coffee", "Jacket", "Charger", "Bottle");
    private static final List<String> FIRST = List.of("Ana", "Bruno", "Carla", "Diego", "Elisa", "Felipe", "Gabriela",
            "Hugo", "Isabel", "João", "Laura", "Marcos", "Nina", "Otávio", "Paula", "Rafael");
    private static final List<String> LAST = List.of("Silva", "Souza", "Oliveira", "Costa", "Pereira", "Almeida",
            "Lima", "Gomes", "Ribeiro", "Martins");

    private CommerceCatalog() {
    }

    public record Product(String productId, String name, String category, BigDecimal price) {
    }

    public record Customer(String userId, String name, String segment, String country) {
    }

    public static String productId(int n) {
        return String.format(Locale.ROOT, "p%05d", n);
    }

    public static String customerId(int n) {
        return String.format(Locale.ROOT, "c%06d", n);
    }

    public static List<Product> products(int count, long seed) {
        check(count, MAX_PRODUCTS, "products");
        SplittableRandom random = new SplittableRandom(seed ^ 0x5EED_0001L);
        List<Product> products = new ArrayList<>(count);
        double low = StrictMath.log(2.0);
        double high = StrictMath.log(800.0);
        for (int i = 1; i <= count; i++) {
            String name = ADJECTIVES.get(random.nextInt(ADJECTIVES.size())) + " " + NOUNS.get(random.nextInt(NOUNS.size()));
            String category = CATEGORIES.get(random.nextInt(CATEGORIES.size()));
            // Log-uniform, squared towards the low end: many cheap products, a few dear ones.
            double u = random.nextDouble();
            double price = StrictMath.exp(low + (high - low) * u * u);
            products.add(new Product(productId(i), name, category,
                    BigDecimal.valueOf(price).setScale(2, RoundingMode.HALF_EVEN)));
        }
        return products;
    }

    public static List<Customer> customers(int count, long seed) {
        check(count, MAX_CUSTOMERS, "customers");
        SplittableRandom random = new SplittableRandom(seed ^ 0x5EED_0002L);
        List<Customer> customers = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            String name = FIRST.get(random.nextInt(FIRST.size())) + " " + LAST.get(random.nextInt(LAST.size()));
            double u = random.nextDouble();
            int segment = u < SEGMENT_WEIGHTS[0] ? 0 : u < SEGMENT_WEIGHTS[0] + SEGMENT_WEIGHTS[1] ? 1 : 2;
            customers.add(new Customer(customerId(i), name, SEGMENTS.get(segment),
                    COUNTRIES.get(random.nextInt(COUNTRIES.size()))));
        }
        return customers;
    }

    private static void check(int count, int max, String what) {
        if (count < 1 || count > max) {
            throw new IllegalArgumentException("Invalid count of " + what + ": " + count + " (use 1 to " + max + ")");
        }
    }
}
