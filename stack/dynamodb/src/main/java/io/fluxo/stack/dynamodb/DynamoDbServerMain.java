package io.fluxo.stack.dynamodb;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * DynamoDB Local on loopback. Usage: DynamoDbServerMain DATA_DIR|--in-memory PORT NATIVE_LIB_DIR
 * With a data dir the tables survive a restart (one shared SQLite file); in memory they do not, but
 * writes are several times faster.
 */
public final class DynamoDbServerMain {
    private DynamoDbServerMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("Usage: DynamoDbServerMain DATA_DIR|--in-memory PORT NATIVE_LIB_DIR");
            System.exit(2);
        }
        System.setProperty("sqlite4java.library.path", Path.of(args[2]).toAbsolutePath().toString());
        String storage;
        String location = null;
        if ("--in-memory".equals(args[0])) {
            storage = "-inMemory";
        } else {
            Path dir = Path.of(args[0]).toAbsolutePath();
            Files.createDirectories(dir);
            storage = "-dbPath";
            location = dir.toString();
        }
        String[] serverArgs = location == null
                ? new String[] {storage, "-sharedDb", "-port", args[1]}
                : new String[] {storage, location, "-sharedDb", "-port", args[1]};
        var server = ServerRunner.createServerFromCommandLineArgs(serverArgs);
        server.start();
        System.out.println("DynamoDB Local started on http://127.0.0.1:" + args[1]);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.stop();
            } catch (Exception e) {
                System.err.println("DynamoDB Local did not stop cleanly: " + e);
            }
        }, "dynamodb-shutdown"));
        server.join();
    }
}
