package io.fluxo.banking;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The 27 Brazilian federative units a bank transaction's {@code id_regiao} names (the {@code regioes} table). */
public final class Regions {
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

    private Regions() {
    }

    /** The 27 federative units, ordered by id (AC … TO). */
    public static List<Region> all() {
        return REGIONS;
    }

    /** The region with this id (exact, upper case), if it is one of the 27. */
    public static Optional<Region> of(String idRegiao) {
        return Optional.ofNullable(BY_ID.get(idRegiao));
    }

    /** Sum of the 27 populations: 203,080,756 (the census total). */
    public static long totalPopulation() {
        return TOTAL_POPULATION;
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
}
