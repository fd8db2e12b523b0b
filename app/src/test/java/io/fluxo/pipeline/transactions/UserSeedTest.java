package io.fluxo.pipeline.transactions;

import io.fluxo.banking.Regions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fluxo.banking.Region;
import io.fluxo.pipeline.transactions.UserSeed.User;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class UserSeedTest {
    @Test
    void hasThe27FederativeUnitsWithTheCensusTotal() {
        List<Region> regions = Regions.all();
        assertThat(regions).hasSize(27);
        assertThat(regions).extracting(Region::idRegiao).containsExactly("AC", "AL", "AM", "AP", "BA", "CE", "DF",
                "ES", "GO", "MA", "MG", "MS", "MT", "PA", "PB", "PE", "PI", "PR", "RJ", "RN", "RO", "RR", "RS", "SC",
                "SE", "SP", "TO");
        assertThat(Regions.totalPopulation()).isEqualTo(203_080_756L);
        assertThat(Regions.of("SP")).contains(new Region("SP", "São Paulo", -23.5489, -46.6388, 44_411_238));
        assertThat(Regions.of("sp")).isEmpty();
        assertThat(Regions.of("XX")).isEmpty();
        for (Region r : regions) {
            // Brazil lies between about 5.3° N and 33.8° S, 28.8° W and 74° W.
            assertThat(r.latitude()).isBetween(-33.8, 5.3);
            assertThat(r.longitude()).isBetween(-74.0, -28.8);
        }
    }

    @Test
    void regionAtLaysPopulationsEndToEnd() {
        assertThat(Regions.regionAt(0).idRegiao()).isEqualTo("AC");
        assertThat(Regions.regionAt(830_017).idRegiao()).isEqualTo("AC");
        assertThat(Regions.regionAt(830_018).idRegiao()).isEqualTo("AL");
        assertThat(Regions.regionAt(203_080_755L).idRegiao()).isEqualTo("TO");
        assertThatThrownBy(() -> Regions.regionAt(203_080_756L)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid population index: 203080756 (must be between 0 and 203080755)");
    }

    @Test
    void generatesTheSameUsersForTheSameSeed() {
        List<User> users = UserSeed.generate(3, 42);
        assertThat(users).containsExactly(
                new User("u000001", "José Silva Araújo", "RS", new BigDecimal("42998.38"), new BigDecimal("500.00"),
                        new BigDecimal("10000.00"), new BigDecimal("4999.99"), new BigDecimal("10000.00")),
                new User("u000002", "Bruno Almeida Martins", "SP", new BigDecimal("12221.28"),
                        new BigDecimal("1000.00"), new BigDecimal("20000.00"), new BigDecimal("1000.00"),
                        new BigDecimal("20000.00")),
                new User("u000003", "Larissa Lima Pereira", "MG", new BigDecimal("42370.39"),
                        new BigDecimal("5000.00"), new BigDecimal("20000.00"), new BigDecimal("1000.00"),
                        new BigDecimal("5000.00")));
        assertThat(UserSeed.generate(1000, 42).subList(0, 3)).isEqualTo(users);
        assertThat(UserSeed.generate(3, 43)).isNotEqualTo(users);
        assertThat(UserSeed.generate(0, 42)).isEmpty();
    }

    @Test
    void keepsAmountsInRangeWithExactCentsAndHomesWeightedByPopulation() {
        List<User> users = UserSeed.generate(100_000, 7);
        Set<String> ufs = Regions.all().stream().map(Region::idRegiao).collect(Collectors.toSet());
        for (User u : users) {
            assertThat(u.saldo().scale()).isEqualTo(2);
            assertThat(u.saldo()).isBetween(UserSeed.MIN_SALDO, UserSeed.MAX_SALDO);
            assertThat(List.of(u.limitePix(), u.limiteTed(), u.limiteDoc(), u.limiteBoleto()))
                    .allSatisfy(l -> assertThat(l.scale()).isEqualTo(2));
            assertThat(u.limiteDoc()).isLessThanOrEqualTo(new BigDecimal("4999.99"));
            assertThat(ufs).contains(u.idRegiao());
        }
        Map<String, Long> perUf = users.stream().collect(Collectors.groupingBy(User::idRegiao, Collectors.counting()));
        // 21.87 % of Brazilians live in SP, 0.31 % in RR.
        assertThat(perUf.get("SP")).isBetween(21_300L, 22_400L);
        assertThat(perUf.get("RR")).isBetween(200L, 430L);
        assertThat(users.get(99_999).idUsuario()).isEqualTo("u100000");
        assertThat(users.stream().map(User::idUsuario).distinct().count()).isEqualTo(100_000L);
        assertThat(users.stream().map(User::saldo).collect(Collectors.toMap(Function.identity(), s -> 1, Integer::sum)))
                .hasSizeGreaterThan(90_000);
    }

    @Test
    void rejectsBadCounts() {
        assertThatThrownBy(() -> UserSeed.generate(-1, 42)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid count: -1 (must be between 0 and 999999)");
        assertThatThrownBy(() -> UserSeed.userId(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid user number: 0 (must be between 1 and 999999)");
        assertThat(UserSeed.userId(42)).isEqualTo("u000042");
    }
}
