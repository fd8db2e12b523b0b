package io.fluxo.stack.opensearch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.opensearch.common.settings.Settings;
import org.opensearch.index.mapper.MapperExtrasPlugin;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.transport.Netty4Plugin;

/**
 * An embedded single-node OpenSearch with the HTTP (netty4) transport and the mapper-extras
 * types (scaled_float for money). Usage: OpenSearchServerMain DATA_DIR HTTP_PORT TRANSPORT_PORT
 */
public final class OpenSearchServerMain {
    private OpenSearchServerMain() {
    }

    /** Node's constructor that takes classpath plugins is protected: the embedded node is a subclass. */
    private static final class EmbeddedNode extends Node {
        EmbeddedNode(Settings settings) {
            super(InternalSettingsPreparer.prepareEnvironment(settings, Map.of(), null, () -> "fluxo-local"),
                    List.of(Netty4Plugin.class, MapperExtrasPlugin.class), true);
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("Usage: OpenSearchServerMain DATA_DIR HTTP_PORT TRANSPORT_PORT");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        Files.createDirectories(home.resolve("data"));
        Files.createDirectories(home.resolve("logs"));
        Settings settings = Settings.builder()
                .put("cluster.name", "fluxo")
                .put("node.name", "fluxo-local")
                .put("path.home", home.toString())
                .put("path.data", home.resolve("data").toString())
                .put("path.logs", home.resolve("logs").toString())
                .put("network.host", "127.0.0.1")
                .put("http.port", args[1])
                .put("transport.port", args[2])
                .put("http.type", "netty4")
                .put("transport.type", "netty4")
                .put("discovery.type", "single-node")
                // A laptop disk that is 90 % full must not turn the demo's indices read-only.
                .put("cluster.routing.allocation.disk.threshold_enabled", false)
                .put("action.destructive_requires_name", false)
                .build();
        Node node = new EmbeddedNode(settings);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
            } catch (Exception e) {
                System.err.println("OpenSearch did not close cleanly: " + e);
            } finally {
                stopped.countDown();
            }
        }, "opensearch-shutdown"));
        node.start();
        System.out.println("OpenSearch started on http://127.0.0.1:" + args[1]);
        stopped.await();
    }
}
