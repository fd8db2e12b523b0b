package io.fluxo.stack.dynamodb;

import com.almworks.sqlite4java.SQLiteConnection;
import com.almworks.sqlite4java.SQLiteJob;
import com.almworks.sqlite4java.SQLiteQueue;
import com.almworks.sqlite4java.SQLiteStatement;
import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBRequestHandler;
import com.amazonaws.services.dynamodbv2.local.shared.access.sqlite.SQLiteDBAccess;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * DynamoDB Local on disk keeps every table in one SQLite file, written through one connection in SQLite's default
 * rollback-journal mode with {@code synchronous=FULL}: several fsyncs for each item written, which on this kind of
 * disk (about 5 ms a sync) holds it to a few dozen items a second. It has no option for that. This sets the
 * connection to write-ahead logging with {@code synchronous=NORMAL}, SQLite's recommended setting for WAL: a commit
 * is in the log before the call returns, so a killed DynamoDB Local (kill -9, a crash) loses nothing and the file is
 * never corrupted; only an operating-system crash or a power cut can lose the last commits before a checkpoint.
 *
 * <p>The connection is the library's own ({@code SQLiteDBAccess.queue}, behind private fields), reached by
 * reflection: a library version that moved it leaves the defaults in place and says so.
 */
final class SqliteTuning {
    static final String JOURNAL_MODE = "wal";
    static final String SYNCHRONOUS = "NORMAL";

    private SqliteTuning() {
    }

    /** Applies the settings to the shared database of {@code requests}; returns what SQLite reports, or why not. */
    static String apply(LocalDynamoDBRequestHandler requests) {
        try {
            Method getHandler = LocalDynamoDBRequestHandler.class.getDeclaredMethod("getHandler", String.class);
            getHandler.setAccessible(true);
            Object client = getHandler.invoke(requests, "fluxo");   // with -sharedDb, the one shared database
            SQLiteDBAccess access = find(client, SQLiteDBAccess.class, 3);
            if (access == null) {
                return "SQLite left at its defaults (no SQLiteDBAccess found in this DynamoDB Local version)";
            }
            Field queueField = SQLiteDBAccess.class.getDeclaredField("queue");
            queueField.setAccessible(true);
            SQLiteQueue queue = (SQLiteQueue) queueField.get(access);
            String journal = queue.execute(new SQLiteJob<String>() {
                @Override
                protected String job(SQLiteConnection connection) throws Throwable {
                    String mode = single(connection, "PRAGMA journal_mode=" + JOURNAL_MODE);
                    connection.exec("PRAGMA synchronous=" + SYNCHRONOUS);
                    return mode + ", synchronous=" + single(connection, "PRAGMA synchronous");
                }
            }).complete();
            return "SQLite journal_mode=" + journal;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return "SQLite left at its defaults (" + e + ")";
        }
    }

    private static String single(SQLiteConnection connection, String sql) throws Exception {
        SQLiteStatement statement = connection.prepare(sql);
        try {
            return statement.step() ? statement.columnString(0) : "";
        } finally {
            statement.dispose();
        }
    }

    /** The first object of {@code type} reachable from {@code root} through at most {@code depth} fields. */
    private static <T> T find(Object root, Class<T> type, int depth) throws IllegalAccessException {
        if (root == null) {
            return null;
        }
        if (type.isInstance(root)) {
            return type.cast(root);
        }
        if (depth == 0) {
            return null;
        }
        for (Class<?> c = root.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive()) {
                    continue;
                }
                f.setAccessible(true);
                T found = find(f.get(root), type, depth - 1);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
