package io.fluxo.pipeline.transactions;

import static java.util.Objects.requireNonNull;

import io.fluxo.pipeline.transactions.UserSeed.User;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The users as of a version, kept in one JVM: the newest version asked for, and the one before it (a replayed batch
 * asks for an older version than the batches around it). Moving to a newer version reads only what changed since;
 * an older version not kept is read whole.
 */
final class UserSnapshots {
    /** Reads usuarios' versions: each user changed in (after, upTo] as it is at upTo, empty where deleted. */
    interface Source {
        Map<String, Optional<User>> changes(long after, long upTo);
    }

    private record Snapshot(long version, Map<String, User> users) {
    }

    private final Source source;
    private volatile Snapshot newest;
    private volatile Snapshot previous;

    UserSnapshots(Source source) {
        this.source = requireNonNull(source, "source");
    }

    /** The users as of {@code version}, by id (not to be modified). */
    Map<String, User> at(long version) {
        Snapshot n = newest;
        if (n != null && n.version() == version) {
            return n.users();
        }
        Snapshot p = previous;
        if (p != null && p.version() == version) {
            return p.users();
        }
        return load(version);
    }

    private synchronized Map<String, User> load(long version) {
        if (newest != null && newest.version() == version) {
            return newest.users();
        }
        if (previous != null && previous.version() == version) {
            return previous.users();
        }
        boolean newer = newest == null || version > newest.version();
        Map<String, User> users = new HashMap<>(newer && newest != null ? newest.users() : Map.of());
        long from = newer && newest != null ? newest.version() : 0;
        source.changes(from, version).forEach((id, user) -> {
            if (user.isPresent()) {
                users.put(id, user.get());
            } else {
                users.remove(id);
            }
        });
        Snapshot loaded = new Snapshot(version, Collections.unmodifiableMap(users));
        if (newer) {
            previous = newest;
            newest = loaded;
        } else {
            previous = loaded;
        }
        return loaded.users();
    }
}
