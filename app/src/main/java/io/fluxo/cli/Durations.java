package io.fluxo.cli;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.fluxo.config.UserException;
import java.time.Duration;

/** Durations on the command line in HOCON form: 500ms, 5s, 2m. */
final class Durations {
    private Durations() {
    }

    static Duration parse(String option, String text) {
        try {
            Duration d = ConfigFactory.parseString("d = " + text).getDuration("d");
            if (d.isNegative() || d.isZero()) {
                throw new UserException("Invalid " + option + ": " + text + " (must be positive, e.g. 5s)");
            }
            return d;
        } catch (ConfigException e) {
            throw new UserException("Invalid " + option + ": " + text + " (use a duration such as 500ms, 5s or 2m)");
        }
    }
}
