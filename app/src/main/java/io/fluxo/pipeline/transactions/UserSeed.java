package io.fluxo.pipeline.transactions;

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
    }

    /**
     * A federative unit (the {@code regioes} table): its capital's coordinates in decimal degrees and its
     * population in the 2022 IBGE census.
     */
    public record Region(String idRegiao, String nome, double latitude, double longitude, long populacao) {
        public Region {
            requireNonNull(idRegiao, "idRegiao");
            requireNonNull(nome, "nome");
        }
    }

    /** Ids are u000001, u000002, …; beyond this the id would grow a digit, which no table needs. */
    public static final int MAX_USERS = 999_999;
    public static final BigDecimal MIN_SALDO = new BigDecimal("100.00");
    public static final BigDecimal MAX_SALDO = new BigDecimal("50000.00");

    private static final List<Region> REGIONS = List.of(
            new Region("AC", "Acre", -9.97499, -67.8243, 830_018),
            new Region("AL", "Alagoas", -9.66599, -35.7350, 3_127_683),
            new Region("AM", "Amazonas", -3.11866, -60.0212, 3_941_613),
            new Region("AP", "Amapá", 0.034934, -51.0694, 733_759),
            new Region("BA", "Bahia", -12.9718, -38.5011, 14_141_626),
            new Region("CE", "Ceará", -3.71664, -38.5423, 8_794_957),
            new Region("DF", "Distrito Federal", -15.7795, -47.9297, 2_817_381),
            new Region("ES", "Espírito Santo", -20.3155, -40.3128, 3_833_712),
            new Region("GO", "Goiás", -16.6864, -49.2643, 7_056_495),
            new Region("MA", "Maranhão", -2.53874, -44.2825, 6_776_699),
            new Region("MG", "Minas Gerais", -19.9102, -43.9266, 20_539_989),
            new Region("MS", "Mato Grosso do Sul", -20.4486, -54.6295, 2_757_013),
            new Region("MT", "Mato Grosso", -15.6010, -56.0974, 3_658_649),
            new Region("PA", "Pará", -1.45502, -48.5024, 8_120_131),
            new Region("PB", "Paraíba", -7.11509, -34.8641, 3_974_687),
            new Region("PE", "Pernambuco", -8.04666, -34.8771, 9_058_931),
            new Region("PI", "Piauí", -5.09194, -42.8034, 3_271_199),
            new Region("PR", "Paraná", -25.4284, -49.2733, 11_444_380),
            new Region("RJ", "Rio de Janeiro", -22.9129, -43.2003, 16_055_174),
            new Region("RN", "Rio Grande do Norte", -5.79357, -35.1986, 3_302_729),
            new Region("RO", "Rondônia", -8.76077, -63.8999, 1_581_196),
            new Region("RR", "Roraima", 2.81972, -60.6733, 636_707),
            new Region("RS", "Rio Grande do Sul", -30.0318, -51.2065, 10_882_965),
            new Region("SC", "Santa Catarina", -27.5945, -48.5477, 7_610_361),
            new Region("SE", "Sergipe", -10.9091, -37.0677, 2_210_004),
            new Region("SP", "São Paulo", -23.5489, -46.6388, 44_411_238),
            new Region("TO", "Tocantins", -10.1689, -48.3317, 1_511_460));

    private static final Map<String, Region> BY_ID;
    private static final long TOTAL_POPULATION;

    static {
        Map<String, Region> byId = new LinkedHashMap<>();
        long total = 0;
        for (Region r : REGIONS) {
            byId.put(r.idRegiao(), r);
            total += r.populacao();
        }
        BY_ID = Collections.unmodifiableMap(byId);
        TOTAL_POPULATION = total;
    }

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

    /** The 27 federative units, ordered by id (AC … TO). */
    public static List<Region> regions() {
        return REGIONS;
    }

    /** The region with this id (exact, upper case), if it is one of the 27. */
    public static Optional<Region> region(String idRegiao) {
        return Optional.ofNullable(BY_ID.get(idRegiao));
    }

    /** Sum of the 27 populations: 203,080,756 (the census total). */
    public static long totalPopulation() {
        return TOTAL_POPULATION;
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
            Region home = regionAt(random.nextInt((int) TOTAL_POPULATION));
            String nome = pick(random, FIRST_NAMES) + " " + pick(random, LAST_NAMES) + " " + pick(random, LAST_NAMES);
            BigDecimal saldo = BigDecimal.valueOf(minCents + random.nextInt((int) (maxCents - minCents + 1)), 2);
            users.add(new User(userId(n), nome, home.idRegiao(), saldo, pick(random, PIX_LIMITS),
                    pick(random, TED_LIMITS), pick(random, DOC_LIMITS), pick(random, BOLETO_LIMITS)));
        }
        return users;
    }

    /**
     * The region owning the {@code index}-th inhabitant when the regions' populations are laid end to end
     * in id order; an index drawn uniformly from [0, total) gives a region with probability proportional
     * to its population.
     */
    public static Region regionAt(long index) {
        if (index < 0 || index >= TOTAL_POPULATION) {
            throw new IllegalArgumentException("Invalid population index: " + index
                    + " (must be between 0 and " + (TOTAL_POPULATION - 1) + ")");
        }
        long remaining = index;
        for (Region r : REGIONS) {
            if (remaining < r.populacao()) {
                return r;
            }
            remaining -= r.populacao();
        }
        throw new AssertionError("unreachable: index " + index);
    }

    private static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static List<BigDecimal> amounts(String... values) {
        return java.util.Arrays.stream(values).map(BigDecimal::new).toList();
    }
}
