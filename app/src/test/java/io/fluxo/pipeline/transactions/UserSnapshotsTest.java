package io.fluxo.pipeline.transactions;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxo.pipeline.transactions.UserSeed.User;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UserSnapshotsTest {

    /** usuarios_versoes as a list: version i+1 is entry i; a null user is a delete. */
    private static final class History implements UserSnapshots.Source {
        final List<Map.Entry<String, User>> versions = new ArrayList<>();
        final List<String> reads = new ArrayList<>();

        History put(String id, String saldo) {
            versions.add(new java.util.AbstractMap.SimpleEntry<>(id, user(id, saldo)));
            return this;
        }

        History delete(String id) {
            versions.add(new java.util.AbstractMap.SimpleEntry<>(id, null));
            return this;
        }

        @Override
        public Map<String, Optional<User>> changes(long after, long upTo) {
            reads.add(after + ".." + upTo);
            Map<String, Optional<User>> changes = new HashMap<>();
            for (int v = (int) after + 1; v <= upTo; v++) {
                Map.Entry<String, User> e = versions.get(v - 1);
                changes.put(e.getKey(), Optional.ofNullable(e.getValue()));
            }
            return changes;
        }
    }

    private static User user(String id, String saldo) {
        return new User(id, "Nome " + id, "SP", new BigDecimal(saldo), new BigDecimal("1000.00"),
                new BigDecimal("2000.00"), new BigDecimal("3000.00"), new BigDecimal("4000.00"));
    }

    private static Map<String, String> balances(Map<String, User> users) {
        Map<String, String> out = new HashMap<>();
        users.forEach((id, u) -> out.put(id, u.saldo().toPlainString()));
        return out;
    }

    @Test
    void aVersionHoldsEachUsersLastChangeUpToItAndNothingAfter() {
        History h = new History().put("u1", "10.00").put("u2", "20.00").put("u1", "11.00").delete("u2").put("u3", "30.00");
        UserSnapshots snapshots = new UserSnapshots(h);

        assertThat(balances(snapshots.at(2))).isEqualTo(Map.of("u1", "10.00", "u2", "20.00"));
        assertThat(balances(snapshots.at(3))).isEqualTo(Map.of("u1", "11.00", "u2", "20.00"));
        assertThat(balances(snapshots.at(5))).isEqualTo(Map.of("u1", "11.00", "u3", "30.00"));
        assertThat(h.reads).as("newer versions read only what changed").containsExactly("0..2", "2..3", "3..5");
    }

    @Test
    void theNewestAndThePreviousVersionAreKeptAnOlderOneIsReadWhole() {
        History h = new History().put("u1", "10.00").put("u1", "11.00").put("u1", "12.00");
        UserSnapshots snapshots = new UserSnapshots(h);
        snapshots.at(1);
        snapshots.at(3);

        assertThat(balances(snapshots.at(1))).isEqualTo(Map.of("u1", "10.00"));
        assertThat(balances(snapshots.at(3))).isEqualTo(Map.of("u1", "12.00"));
        assertThat(h.reads).containsExactly("0..1", "1..3");

        assertThat(balances(snapshots.at(2))).as("a replay of an older batch").isEqualTo(Map.of("u1", "11.00"));
        assertThat(balances(snapshots.at(3))).isEqualTo(Map.of("u1", "12.00"));
        assertThat(h.reads).containsExactly("0..1", "1..3", "0..2");
    }

    @Test
    void versionZeroIsNoUsersAndAReturnedSnapshotNeverChanges() {
        History h = new History().put("u1", "10.00").put("u1", "99.00");
        UserSnapshots snapshots = new UserSnapshots(h);
        assertThat(snapshots.at(0)).isEmpty();
        Map<String, User> first = snapshots.at(1);
        snapshots.at(2);
        assertThat(balances(first)).isEqualTo(Map.of("u1", "10.00"));
    }
}
