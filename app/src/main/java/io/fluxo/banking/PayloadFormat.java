package io.fluxo.banking;

import java.util.Locale;
import java.util.Optional;

/** How bank_transactions values are encoded (DESIGN §1.2): JSON by default, or Avro in the Confluent wire format. */
public enum PayloadFormat {
    JSON,
    AVRO;

    /** The configuration's and the CLI's spelling: json, avro. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Case-insensitive. */
    public static Optional<PayloadFormat> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        for (PayloadFormat f : values()) {
            if (f.name().equalsIgnoreCase(text)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}
