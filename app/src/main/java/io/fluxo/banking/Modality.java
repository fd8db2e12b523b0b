package io.fluxo.banking;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.util.Optional;

/** The payment modalities of modalidade_pagamento (DESIGN §1.2), each with its own per-user limit. */
public enum Modality {
    PIX("PIX"),
    TED("TED"),
    DOC("DOC"),
    BOLETO("Boleto");

    private final String label;

    Modality(String label) {
        this.label = label;
    }

    /** The payload's spelling: PIX, TED, DOC, Boleto. */
    public String label() {
        return label;
    }

    /** Case-insensitive: "Boleto", "BOLETO" and "boleto" are all BOLETO. Surrounding blanks are not accepted. */
    public static Optional<Modality> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        for (Modality m : values()) {
            if (m.label.equalsIgnoreCase(text)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
