package io.fluxo.pipeline.transactions;

import io.fluxo.banking.Region;
import io.fluxo.banking.Regions;
import io.fluxo.banking.Modality;
import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * The reference data of the transactions pipeline (DESIGN §1.2): the 27 Brazilian federative units and
 * deterministic users. {@code fluxo seed users --count N --seed S} writes {@code generate(N, S)} to
 * PostgreSQL and the transactions generator computes the very same list, so both agree without the
 * generator reading the database.
 */
public final class UserSeed {
    /**
     * A user as in the {@code usuarios} table. Amounts have scale 2; each limit is the largest amount one
     * transaction of that modality may carry.
     */
    public record User(String idUsuario, String nome, String idRegiao, BigDecimal saldo, BigDecimal limitePix,
            BigDecimal limiteTed, BigDecimal limiteDoc, BigDecimal limiteBoleto) {
        public User {
            requireNonNull(idUsuario, "idUsuario");
            requireNonNull(nome, "nome");
            requireNonNull(idRegiao, "idRegiao");
            requireNonNull(saldo, "saldo");
            requireNonNull(limitePix, "limitePix");
            requireNonNull(limiteTed, "limiteTed");
            requireNonNull(limiteDoc, "limiteDoc");
            requireNonNull(limiteBoleto, "limiteBoleto");
        }

        /** The user's limit for one transaction of this modality. */
        public BigDecimal limitOf(Modality modality) {
            requireNonNull(modality, "modality");
            return switch (modality) {
                case PIX -> limitePix;
                case TED -> limiteTed;
                case DOC -> limiteDoc;
                case BOLETO -> limiteBoleto;
            };
        }
    }


    /** Ids are u000001, u000002, …; beyond this the id would grow a digit, which no table needs. */
    public static final int MAX_USERS = 999_999;
    public static final BigDecimal MIN_SALDO = new BigDecimal("100.00");
    public static final BigDecimal MAX_SALDO = new BigDecimal("50000.00");


    private static final List<String> FIRST_NAMES = List.of("Ana", "Maria", "João", "José", "Pedro", "Lucas",
            "Gabriel", "Juliana", "Fernanda", "Carlos", "Paulo", "Mariana", "Rafael", "Beatriz", "Bruno", "Camila",
            "Felipe", "Larissa", "Rodrigo", "Patrícia", "Antônio", "Francisca", "Luiz", "Aline");
    private static final List<String> LAST_NAMES = List.of("Silva", "Santos", "Oliveira", "Souza", "Rodrigues",
            "Ferreira", "Alves", "Pereira", "Lima", "Gomes", "Costa", "Ribeiro", "Martins", "Carvalho", "Almeida",
            "Lopes", "Soares", "Fernandes", "Vieira", "Barbosa", "Araújo", "Nascimento", "Moura", "Cavalcanti");

    // Banks offer a few round per-transaction limits per modality. DOC could not exceed R$ 4,999.99 by
    // rule of the Central Bank, TED has no cap and so gets the highest ones.
    private static final List<BigDecimal> PIX_LIMITS = amounts("500.00", "1000.00", "2000.00", "5000.00", "10000.00");
    private static final List<BigDecimal> TED_LIMITS = amounts("5000.00", "10000.00", "20000.00", "50000.00");
    private static final List<BigDecimal> DOC_LIMITS = amounts("1000.00", "2000.00", "4999.99");
    private static final List<BigDecimal> BOLETO_LIMITS = amounts("2000.00", "5000.00", "10000.00", "20000.00");

    private UserSeed() {
    }


    /** The id of the {@code n}-th user, from 1: u000001. */
    public static String userId(int n) {
        if (n < 1 || n > MAX_USERS) {
            throw new IllegalArgumentException("Invalid user number: " + n + " (must be between 1 and " + MAX_USERS + ")");
        }
        return String.format(java.util.Locale.ROOT, "u%06d", n);
    }

    /**
     * {@code count} users, the same for the same arguments on any machine: ids u000001 … in order, home
     * region drawn with probability proportional to population, saldo uniform in whole cents from 100.00
     * to 50000.00, each limit one of a few round values of its modality.
     */
    public static List<User> generate(int count, long seed) {
        if (count < 0 || count > MAX_USERS) {
            throw new IllegalArgumentException("Invalid count: " + count + " (must be between 0 and " + MAX_USERS + ")");
        }
        Random random = new Random(seed);
        long minCents = MIN_SALDO.unscaledValue().longValueExact();
        long maxCents = MAX_SALDO.unscaledValue().longValueExact();
        List<User> users = new ArrayList<>(count);
        for (int n = 1; n <= count; n++) {
            Region home = Regions.regionAt(random.nextInt((int) Regions.totalPopulation()));
            String nome = pick(random, FIRST_NAMES) + " " + pick(random, LAST_NAMES) + " " + pick(random, LAST_NAMES);
            BigDecimal saldo = BigDecimal.valueOf(minCents + random.nextInt((int) (maxCents - minCents + 1)), 2);
            users.add(new User(userId(n), nome, home.idRegiao(), saldo, pick(random, PIX_LIMITS),
                    pick(random, TED_LIMITS), pick(random, DOC_LIMITS), pick(random, BOLETO_LIMITS)));
        }
        return users;
    }


    private static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static List<BigDecimal> amounts(String... values) {
        return java.util.Arrays.stream(values).map(BigDecimal::new).toList();
    }
}
