package io.fluxo.sink.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BisectionTest {
    private static final Bisection.Why NUL = new Bisection.Why("22021", "invalid byte sequence");

    /** A server that refuses any set holding one of the bad units, and keeps what it took. */
    private static final class Server implements Bisection.Attempt<Integer> {
        final Set<Integer> bad;
        final List<Integer> written = new ArrayList<>();
        final List<List<Integer>> attempts = new ArrayList<>();

        Server(Integer... bad) {
            this.bad = Set.of(bad);
        }

        @Override
        public Bisection.Why write(List<Integer> units) {
            attempts.add(List.copyOf(units));
            if (units.stream().anyMatch(bad::contains)) {
                return new Bisection.Why("22003", "numeric field overflow " + units.stream().filter(bad::contains).toList());
            }
            written.addAll(units);
            return null;
        }
    }

    private static List<Integer> units(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    @Test
    void aBatchTheServerTakesIsWrittenInOneAttempt() throws SQLException {
        Server server = new Server();
        assertThat(Bisection.isolate(units(8), null, server)).isEmpty();
        assertThat(server.attempts).containsExactly(units(8));
        assertThat(server.written).isEqualTo(units(8));
    }

    @Test
    void oneBadUnitIsIsolatedAndEveryOtherIsWritten() throws SQLException {
        Server server = new Server(5);
        List<Bisection.Refused<Integer>> refused = Bisection.isolate(units(8), NUL, server);

        assertThat(refused).containsExactly(new Bisection.Refused<>(5, new Bisection.Why("22003", "numeric field overflow [5]")));
        assertThat(server.written).containsExactly(0, 1, 2, 3, 4, 6, 7);
        // The whole list was refused already (NUL): 8 -> [0..3] ok, [4..7] refused -> [4,5] refused -> [4] ok, [5] refused; [6,7] ok.
        assertThat(server.attempts).containsExactly(List.of(0, 1, 2, 3), List.of(4, 5, 6, 7), List.of(4, 5), List.of(4),
                List.of(5), List.of(6, 7));
    }

    @Test
    void severalBadUnitsComeBackInInputOrderWithTheirOwnMessages() throws SQLException {
        Server server = new Server(0, 6, 9);
        assertThat(Bisection.isolate(units(10), null, server)).extracting(Bisection.Refused::unit).containsExactly(0, 6, 9);
        assertThat(server.written).containsExactly(1, 2, 3, 4, 5, 7, 8);
        assertThat(Bisection.isolate(units(10), null, server).get(1).why().message()).isEqualTo("numeric field overflow [6]");
    }

    @Test
    void everyUnitRefusedIsReturnedAndNothingWritten() throws SQLException {
        Server server = new Server(0, 1, 2);
        assertThat(Bisection.isolate(units(3), null, server)).extracting(Bisection.Refused::unit).containsExactly(0, 1, 2);
        assertThat(server.written).isEmpty();
    }

    @Test
    void aSingleRefusedUnitKnownRefusedIsNotTriedAgain() throws SQLException {
        Server server = new Server(0);
        assertThat(Bisection.isolate(units(1), NUL, server)).containsExactly(new Bisection.Refused<>(0, NUL));
        assertThat(server.attempts).isEmpty();
        assertThat(Bisection.isolate(List.<Integer>of(), null, server)).isEmpty();
        assertThat(server.attempts).isEmpty();
    }

    @Test
    void anErrorAboutNoRowStopsTheIsolation() {
        Bisection.Attempt<Integer> missingTable = units -> {
            throw new SQLException("relation \"t\" does not exist", "42P01");
        };
        assertThatThrownBy(() -> Bisection.isolate(units(4), NUL, missingTable))
                .isInstanceOf(SQLException.class).hasMessage("relation \"t\" does not exist");
    }
}
