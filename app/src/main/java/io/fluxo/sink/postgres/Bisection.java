package io.fluxo.sink.postgres;

import static java.util.Objects.requireNonNull;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the units a write refuses by halving: a set the server takes is written as a whole, a refused set is
 * split in two and each half tried again, down to single units. k refused units among n cost about
 * 2·k·log2(n) attempts; a batch the server takes whole costs none (its first attempt was made by the caller).
 */
final class Bisection {
    /** Why the server refused a set of units: its SQLSTATE and message. */
    record Why(String sqlState, String message) {
        Why {
            requireNonNull(message, "message");
        }
    }

    /** Writes units all or nothing (under a savepoint): null when written, else why they were refused. */
    interface Attempt<T> {
        Why write(List<T> units) throws SQLException;
    }

    /** A unit refused on its own. */
    record Refused<T>(T unit, Why why) {
    }

    private Bisection() {
    }

    /**
     * Writes every unit the server takes and returns the others, in input order.
     *
     * @param refusedWhole why the whole list was refused already, so it is not tried again (null: try it)
     */
    static <T> List<Refused<T>> isolate(List<T> units, Why refusedWhole, Attempt<T> attempt) throws SQLException {
        List<Refused<T>> refused = new ArrayList<>();
        isolate(units, refusedWhole, attempt, refused);
        return refused;
    }

    private static <T> void isolate(List<T> units, Why known, Attempt<T> attempt, List<Refused<T>> refused)
            throws SQLException {
        if (units.isEmpty()) {
            return;
        }
        Why why = known != null ? known : attempt.write(units);
        if (why == null) {
            return;
        }
        if (units.size() == 1) {
            refused.add(new Refused<>(units.get(0), why));
            return;
        }
        int half = units.size() / 2;
        isolate(units.subList(0, half), null, attempt, refused);
        isolate(units.subList(half, units.size()), null, attempt, refused);
    }
}
