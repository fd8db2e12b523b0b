package io.fluxo.banking;

import static java.util.Objects.requireNonNull;

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
