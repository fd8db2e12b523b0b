package io.fluxo.stack.kafka;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A single-node Kafka broker in KRaft mode (broker and controller in one process).
 * Usage: KafkaServerMain DATA_DIR PORT CONTROLLER_PORT
 * Formats DATA_DIR on first start, then runs until it receives SIGTERM.
 */
public final class KafkaServerMain {
    private KafkaServerMain() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("Usage: KafkaServerMain DATA_DIR PORT CONTROLLER_PORT");
            System.exit(2);
        }
        Path dataDir = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        int controllerPort = Integer.parseInt(args[2]);
        Path logDir = dataDir.resolve("logs");
        Files.createDirectories(logDir);

        Path properties = dataDir.resolve("server.properties");
        Files.write(properties, List.of(
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://localhost:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + logDir,
                "num.partitions=4",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=4",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=4",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=true",
                "message.max.bytes=10485760",
                "log.retention.hours=168"));

        if (!Files.exists(logDir.resolve("meta.properties"))) {
            // The cluster id is fixed by the first start; later starts reuse the formatted directory.
            String clusterId = org.apache.kafka.common.Uuid.randomUuid().toString();
            kafka.tools.StorageTool.execute(
                    new String[] {"format", "--ignore-formatted", "-t", clusterId, "-c", properties.toString()},
                    new PrintStream(System.out, true));
        }
        kafka.Kafka.main(new String[] {properties.toString()});
    }
}
