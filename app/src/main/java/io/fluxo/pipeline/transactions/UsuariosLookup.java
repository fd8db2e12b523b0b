package io.fluxo.pipeline.transactions;

import io.fluxo.pipeline.transactions.UserSeed.User;
import io.fluxo.sink.postgres.PostgresSettings;
import io.fluxo.sink.postgres.PostgresSink;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.TaskContext;

/**
 * Reference data of {@code usuarios} as the current micro-batch sees it. The first lookup of a batch pins the newest
 * version of usuarios for that batch in PostgreSQL ({@code fluxo_batch_reference}); every task of the batch, and of
 * any replay of it, reads the users as of that version. So a replay decides exactly as the first attempt did, and
 * users added or changed while the pipeline runs are seen from the next batch on. Only a user's first transaction
 * or credit needs it: after that the profile lives in state. Outside a streaming batch (no Spark task, or no batch
 * id), it reads the newest version, checked again at most every few seconds.
 */
public final class UsuariosLookup implements TransactionProcessor.UserLookup {
    /** Spark's local properties of a streaming query's tasks (StreamExecution.QUERY_ID_KEY, MicroBatchExecution.BATCH_ID_KEY). */
    static final String QUERY_ID_PROPERTY = "sql.streaming.queryId";
    static final String BATCH_ID_PROPERTY = "streaming.sql.batchId";
    private static final long UNPINNED_REFRESH_MS = 5_000;
    private static final Map<PostgresSettings, Reader> READERS = new ConcurrentHashMap<>();

    private final PostgresSettings settings;

    public UsuariosLookup(PostgresSettings settings) {
        this.settings = settings;
    }

    @Override
    public Optional<User> apply(String idUsuario) {
        Reader reader = READERS.computeIfAbsent(settings, Reader::new);
        return Optional.ofNullable(reader.snapshots.at(reader.version(currentBatch())).get(idUsuario));
    }

    /** The streaming batch this thread's task belongs to, or null outside one. */
    static Batch currentBatch() {
        TaskContext task = TaskContext.get();
        if (task == null) {
            return null;
        }
        String query = task.getLocalProperty(QUERY_ID_PROPERTY);
        String batch = task.getLocalProperty(BATCH_ID_PROPERTY);
        return query == null || batch == null ? null : new Batch(query, Long.parseLong(batch));
    }

    record Batch(String queryId, long batchId) {
    }

    /** One JVM's view of one database's usuarios: the pins it read and the snapshots of their versions. */
    private static final class Reader {
        private static final int PINS_KEPT = 64;
        private final PostgresSettings settings;
        private final UserSnapshots snapshots;
        private final Map<Batch, Long> pins = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Batch, Long> eldest) {
                return size() > PINS_KEPT;
            }
        };
        private long unpinned = -1;
        private long unpinnedAt;

        Reader(PostgresSettings settings) {
            this.settings = settings;
            this.snapshots = new UserSnapshots((after, upTo) -> PostgresSink.withConnection(settings,
                    "read usuarios versions from", c -> UsuariosVersions.changes(c, after, upTo)));
        }

        synchronized long version(Batch batch) {
            if (batch == null) {
                if (unpinned < 0 || System.currentTimeMillis() - unpinnedAt > UNPINNED_REFRESH_MS) {
                    unpinned = PostgresSink.withConnection(settings, "read the usuarios version from",
                            UsuariosVersions::latest);
                    unpinnedAt = System.currentTimeMillis();
                }
                return unpinned;
            }
            Long pinned = pins.get(batch);
            if (pinned == null) {
                pinned = PostgresSink.withConnection(settings, "pin the usuarios version of batch "
                        + batch.batchId() + " in", c -> UsuariosVersions.pin(c, batch.queryId(), batch.batchId()));
                pins.put(batch, pinned);
            }
            return pinned;
        }
    }
}
