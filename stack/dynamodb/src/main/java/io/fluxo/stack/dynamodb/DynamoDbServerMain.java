package io.fluxo.stack.dynamodb;

import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBRequestHandler;
import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBServerHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;

/**
 * DynamoDB Local on loopback. Usage: DynamoDbServerMain DATA_DIR|--in-memory PORT NATIVE_LIB_DIR
 * With a data dir the tables survive a restart (one shared SQLite file, in write-ahead-log mode: {@link SqliteTuning});
 * in memory they do not, but writes are faster still.
 *
 * <p>DynamoDB Local's own server ({@code ServerRunner}, {@code DynamoDBProxyServer}) listens on every interface and
 * has no option for the address, so this builds its Jetty server itself: the library's request handler, as
 * {@code ServerRunner} sets it up with {@code -sharedDb}, behind one connector on 127.0.0.1. The library's start-up
 * telemetry, which only its own server sends, is not configured.
 */
public final class DynamoDbServerMain {
    static final String HOST = "127.0.0.1";

    /** As ServerRunner sets it; java.util.logging holds loggers weakly, so the reference keeps the level. */
    private static final Logger SQLITE_LOGGER = Logger.getLogger("com.almworks.sqlite4java");

    private DynamoDbServerMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("Usage: DynamoDbServerMain DATA_DIR|--in-memory PORT NATIVE_LIB_DIR");
            System.exit(2);
        }
        System.setProperty("sqlite4java.library.path", Path.of(args[2]).toAbsolutePath().toString());
        SQLITE_LOGGER.setLevel(Level.WARNING);
        boolean inMemory = "--in-memory".equals(args[0]);
        String dbPath = null;
        if (!inMemory) {
            Path dir = Path.of(args[0]).toAbsolutePath();
            Files.createDirectories(dir);
            dbPath = dir.toString();
        }
        int port = Integer.parseInt(args[1]);

        var requests = new LocalDynamoDBRequestHandler(0, inMemory, dbPath, true, false);
        var handler = new LocalDynamoDBServerHandler(requests, null);
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost(HOST);
        connector.setPort(port);
        server.addConnector(connector);
        ContextHandler context = new ContextHandler();
        context.setHandler(handler);
        server.setHandler(new ContextHandlerCollection(context));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.stop();
                handler.close();
            } catch (Exception e) {
                System.err.println("DynamoDB Local did not stop cleanly: " + e);
            }
        }, "dynamodb-shutdown"));
        String sqlite = inMemory ? "" : ", " + SqliteTuning.apply(requests);
        server.start();
        System.out.println("DynamoDB Local started on http://" + HOST + ":" + port
                + (inMemory ? " (in memory)" : " (data in " + dbPath + sqlite + ")"));
        server.join();
    }
}
