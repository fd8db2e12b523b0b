package io.fluxo.pipeline.commerce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CommerceCatalogTest {
    @Test
    void theSameSeedGivesTheSameCatalogAndAnotherSeedAnother() {
        assertThat(CommerceCatalog.products(50, 42)).isEqualTo(CommerceCatalog.products(50, 42));
        assertThat(CommerceCatalog.customers(50, 42)).isEqualTo(CommerceCatalog.customers(50, 42));
        assertThat(CommerceCatalog.products(50, 43)).isNotEqualTo(CommerceCatalog.products(50, 42));
        // A bigger catalog starts with the smaller one.
        assertThat(CommerceCatalog.products(80, 42).subList(0, 50)).isEqualTo(CommerceCatalog.products(50, 42));
    }

    @Test
    void idsPricesSegmentsAndCountriesAreInTheirRanges() {
        List<CommerceCatalog.Product> products = CommerceCatalog.products(2_000, 7);
        assertThat(products.get(0).productId()).isEqualTo("p00001");
        assertThat(products.get(1_999).productId()).isEqualTo("p02000");
        assertThat(products).allSatisfy(p -> {
            assertThat(p.price().scale()).isEqualTo(2);
            assertThat(p.price()).isBetween(new BigDecimal("2.00"), new BigDecimal("800.00"));
            assertThat(CommerceCatalog.CATEGORIES).contains(p.category());
        });
        assertThat(products.stream().filter(p -> p.price().compareTo(new BigDecimal("100.00")) < 0).count())
                .isGreaterThan(1_000);
        List<CommerceCatalog.Customer> customers = CommerceCatalog.customers(2_000, 7);
        assertThat(customers.get(0).userId()).isEqualTo("c000001");
        Map<String, Long> bySegment = customers.stream()
                .collect(Collectors.groupingBy(CommerceCatalog.Customer::segment, Collectors.counting()));
        assertThat(bySegment.keySet()).containsExactlyInAnyOrder("new", "regular", "vip");
        assertThat(bySegment.get("new")).isBetween(900L, 1_100L); // 50 % of 2,000
        assertThat(bySegment.get("vip")).isBetween(220L, 380L); // 15 %
        assertThat(customers).allSatisfy(c -> assertThat(CommerceCatalog.COUNTRIES).contains(c.country()));
    }

    @Test
    void aCountOutOfRangeIsRefused() {
        assertThatThrownBy(() -> CommerceCatalog.products(0, 1)).hasMessage("Invalid count of products: 0 (use 1 to 99999)");
        assertThatThrownBy(() -> CommerceCatalog.customers(1_000_000, 1))
                .hasMessage("Invalid count of customers: 1000000 (use 1 to 999999)");
    }
}
