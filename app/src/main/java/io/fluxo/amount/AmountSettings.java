package io.fluxo.amount;

import static java.util.Objects.requireNonNull;

import io.fluxo.config.ConfigReader;
import io.fluxo.config.ConfigSection;
import io.fluxo.config.FluxoConfig;
import java.io.Serializable;

/** How every pipeline reads amounts ({@code fluxo.amounts.*}); see {@link Amounts}. */
public record AmountSettings(SubCentPolicy subCent) implements Serializable {
    public AmountSettings {
        requireNonNull(subCent, "subCent");
    }

    public static final ConfigSection<AmountSettings> SECTION = new ConfigSection<>() {
        @Override
        public String path() {
            return "fluxo.amounts";
        }

        @Override
        public AmountSettings read(ConfigReader r) {
            String subCent = r.string("fluxo.amounts.sub-cent");
            SubCentPolicy policy = SubCentPolicy.fromLabel(subCent).orElse(null);
            r.check(policy != null, "Invalid fluxo.amounts.sub-cent: " + subCent + " (use reject or round-half-even)");
            return new AmountSettings(policy == null ? SubCentPolicy.REJECT : policy);
        }
    };

    public static AmountSettings of(FluxoConfig config) {
        return config.section(SECTION);
    }
}
