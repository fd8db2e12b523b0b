package io.fluxo.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fluxo.pipeline.receivables.ReceivablesSettings;
import io.fluxo.testing.ReceivablesFixture;
import io.fluxo.testing.TestStack;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * Receivables rejected under amounts.sub-cent=reject are replayed once the rule is relaxed, land in the sinks
 * exactly once, and a second replay sends nothing; a replay that died before its commit leaves no trace.
 */
class DeadLetterReplayIT {
    private static final String[] SENT = {"r-1", "r-2", "r-3", "r-x", "r-big", "r-n"};
    private static final String[] REPLAYED = {"r-1", "r-2", "r-3", "r-x", "r-big", "r-n", "r-1", "r-2"};

    private static String agendado(String id, String valor) {
        return "{\"id_recebivel\":\"" + id + "\",\"id_pagamento\":\"p-" + id + "\",\"valor_original\":" + valor
                + ",\"data_vencimento\":\"2026-12-01\",\"tipo_evento\":\"agendado\",\"timestamp\":\"2026-11-21T10:00:00Z\"}";
    }

    @Test
    void repairedRecordsComeInExactlyOnceAndASecondReplaySendsNothing() throws Exception {
        ReceivablesFixture f = new ReceivablesFixture("replay");
        String ag = ReceivablesSettings.of(f.config).agendadosTopic();
        String dlq = ReceivablesSettings.of(f.config).dlqTopic();
        f.send(ag, "r-1", agendado("r-1", "0.001"));
        f.send(ag, "r-2", agendado("r-2", "12.345"));
        f.send(ag, "r-3", agendado("r-3", "100"));
        f.send(ag, "r-x", "this is not json");
        f.send(ag, "r-big", agendado("r-big", "1").replace("}", ",\"pad\":\"" + "x".repeat(70_000) + "\"}"));
        f.send(ag, "r-n", null);
        f.drain();

        assertThat(f.deadLetters()).extracting(l -> l.get("reason").asText())
                .containsExactlyInAnyOrder("INVALID_AMOUNT", "INVALID_AMOUNT", "NOT_JSON", "PAYLOAD_TOO_LARGE", "EMPTY_PAYLOAD");
        assertThat(f.documents()).containsOnlyKeys("r-3");
        assertThat(keys(f, ag)).containsExactlyInAnyOrder(SENT);

        DeadLetterReplay replay = new DeadLetterReplay(f.config.kafka(), "receivables", dlq);
        List<String> dry = run(replay, ReplayFilter.ALL, true);
        assertThat(dry).contains("  reason INVALID_AMOUNT: 2", "  reason NOT_JSON: 1", "  to topic " + ag + ": 3");
        assertThat(dry).anyMatch(l -> l.startsWith("cannot replay 1 dead letter: the raw value or key was cut"));
        assertThat(dry).anyMatch(l -> l.startsWith("cannot replay 1 dead letter: the record had no value"));
        assertThat(dry.get(dry.size() - 1)).isEqualTo("would replay 3 dead letters of receivables (reasons INVALID_AMOUNT 2,"
                + " NOT_JSON 1) to " + ag + " 3; skipped 2 (already replayed 0, truncated 1, no value 1)");
        assertThat(keys(f, ag)).containsExactlyInAnyOrder(SENT);

        // A replay that died before its commit: its records and bookkeeping stay in an open transaction.
        Map<String, Object> props = new HashMap<>(f.config.kafka().clientProperties());
        props.put("transactional.id", DeadLetterReplay.transactionalId("receivables", dlq));
        KafkaProducer<byte[], byte[]> crashed = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        crashed.initTransactions();
        crashed.beginTransaction();
        crashed.send(new ProducerRecord<>(ag, "r-ghost".getBytes(StandardCharsets.UTF_8),
                agendado("r-ghost", "1").getBytes(StandardCharsets.UTF_8)));
        for (JsonNode letter : f.deadLetters()) {
            StoredLetter l = StoredLetter.parse(letter.toString());
            crashed.send(new ProducerRecord<>(DeadLetterReplay.replayedTopic(dlq), l.replayId().getBytes(StandardCharsets.UTF_8),
                    "{}".getBytes(StandardCharsets.UTF_8)));
        }
        crashed.flush();
        crashed.close(Duration.ZERO);

        Process child = f.startChild(Map.of(), "replay", "receivables", "--from-dlq", "--reason", "invalid_amount");
        assertThat(child.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).isZero();
        Path log = TestStack.config().home().resolve("logs").resolve(f.name + ".log");
        assertThat(Files.readAllLines(log)).contains("replayed 2 dead letters of receivables (reasons INVALID_AMOUNT 2) to "
                + ag + " 2; skipped 0 (already replayed 0, truncated 0, no value 0)");

        Map<String, String> relaxed = new HashMap<>(f.env);
        relaxed.put("FLUXO_AMOUNTS_SUB__CENT", "round-half-even");
        f.config = TestStack.config(relaxed);
        f.drain();

        Map<String, JsonNode> docs = f.documents();
        assertThat(docs).containsOnlyKeys("r-1", "r-2", "r-3");
        assertThat(docs.get("r-1").get("valor_original").decimalValue()).isEqualTo(new BigDecimal("0.00"));
        assertThat(docs.get("r-2").get("valor_original").decimalValue()).isEqualTo(new BigDecimal("12.34"));
        docs.values().forEach(d -> assertThat(d.get("quantidade_eventos").asInt()).isEqualTo(1));
        assertThat(f.historyItems()).containsOnlyKeys("r-1|agendado#r-1", "r-2|agendado#r-2", "r-3|agendado#r-3");
        assertThat(f.deadLetters()).hasSize(5);
        assertThat(keys(f, ag)).containsExactlyInAnyOrder(REPLAYED); // and not the ghost: its transaction was aborted

        assertThat(run(replay, ReplayFilter.of(List.of("INVALID_AMOUNT"), null, java.time.Instant.now()), false))
                .containsExactly("replayed 0 dead letters of receivables; skipped 2 (already replayed 2, truncated 0, no value 0)");
        assertThat(keys(f, ag)).containsExactlyInAnyOrder(REPLAYED);
        f.drain();
        assertThat(f.historyItems()).hasSize(3);
        assertThat(f.documents()).containsOnlyKeys("r-1", "r-2", "r-3");
    }

    private static List<String> run(DeadLetterReplay replay, ReplayFilter filter, boolean dryRun) {
        StringWriter out = new StringWriter();
        replay.run(filter, dryRun, new PrintWriter(out, true));
        return out.toString().lines().toList();
    }

    /** The keys of the committed records of a topic, in no particular order. */
    private static List<String> keys(ReceivablesFixture f, String topic) {
        Map<String, Object> props = new HashMap<>(f.config.kafka().clientProperties());
        props.put("isolation.level", "read_committed");
        List<String> keys = new java.util.ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> tps = c.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            c.assign(tps);
            c.seekToBeginning(tps);
            Map<TopicPartition, Long> end = c.endOffsets(tps);
            long deadline = System.currentTimeMillis() + 30_000;
            while (tps.stream().anyMatch(tp -> c.position(tp) < end.get(tp)) && System.currentTimeMillis() < deadline) {
                c.poll(Duration.ofMillis(500)).forEach(r -> keys.add(new String(r.key(), StandardCharsets.UTF_8)));
            }
        }
        return keys;
    }
}
