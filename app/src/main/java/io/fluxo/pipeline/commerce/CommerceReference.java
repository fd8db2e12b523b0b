package io.fluxo.pipeline.commerce;

import static java.util.Objects.requireNonNull;

import io.fluxo.sink.postgres.PostgresSink;
import io.fluxo.sink.postgres.PostgresSettings;
import java.io.Serializable;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The commerce reference data in PostgreSQL: {@code products} and {@code customers}, written by {@code seed commerce}
 * (upserts by key, so seeding again changes nothing), and read back as the enrichment's lookup: a product's category,
 * a customer's segment.
 */
public final class CommerceReference {
    private CommerceReference() {
    }

    /** Upserts the catalog (not fenced: the same catalog written twice is the same). */
    public static void upsert(PostgresSettings settings, List<CommerceCatalog.Product> products,
            List<CommerceCatalog.Customer> customers) {
        PostgresSink.withConnection(settings, "seed commerce into", c -> {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement p = c.prepareStatement("insert into products (product_id, name, category, price)"
                    + " values (?, ?, ?, ?) on conflict (product_id) do update set name = excluded.name,"
                    + " category = excluded.category, price = excluded.price");
                    PreparedStatement u = c.prepareStatement("insert into customers (user_id, name, segment, country)"
                            + " values (?, ?, ?, ?) on conflict (user_id) do update set name = excluded.name,"
                            + " segment = excluded.segment, country = excluded.country")) {
                for (CommerceCatalog.Product x : products) {
                    p.setString(1, x.productId());
                    p.setString(2, x.name());
                    p.setString(3, x.category());
                    p.setBigDecimal(4, x.price());
                    p.addBatch();
                }
                p.executeBatch();
                for (CommerceCatalog.Customer x : customers) {
                    u.setString(1, x.userId());
                    u.setString(2, x.name());
                    u.setString(3, x.segment());
                    u.setString(4, x.country());
                    u.addBatch();
                }
                u.executeBatch();
                c.commit();
            } catch (java.sql.SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
            return null;
        });
    }

    /** A product's category and a customer's segment, as one read of the tables found them. */
    public record Lookup(Map<String, String> categories, Map<String, String> segments, long readAtMillis)
            implements Serializable {
        public Lookup {
            categories = Map.copyOf(categories);
            segments = Map.copyOf(segments);
        }

        /** Null for an unknown product. */
        public String category(String productId) {
            return categories.get(productId);
        }

        /** Null for an unknown customer. */
        public String segment(String userId) {
            return segments.get(userId);
        }
    }

    public static Lookup read(PostgresSettings settings) {
        requireNonNull(settings, "settings");
        return PostgresSink.withConnection(settings, "read products and customers from", c -> {
            Map<String, String> categories = new HashMap<>();
            Map<String, String> segments = new HashMap<>();
            try (PreparedStatement p = c.prepareStatement("select product_id, category from products");
                    ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    categories.put(rs.getString(1), rs.getString(2));
                }
            }
            try (PreparedStatement p = c.prepareStatement("select user_id, segment from customers");
                    ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    segments.put(rs.getString(1), rs.getString(2));
                }
            }
            return new Lookup(categories, segments, System.currentTimeMillis());
        });
    }
}
