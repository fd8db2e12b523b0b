package io.fluxo.pipeline.receivables;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fluxo.kafka.DataLossAudit;
import io.fluxo.pipeline.PipelineMetrics;
import io.fluxo.testing.ReceivablesFixture;
import io.fluxo.testing.TestStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The data-loss audit against the real stack: records the pipeline has not read yet are deleted with
 * {@code Admin.deleteRecords} while it is stopped; the next run records exactly that range once in the audit
 * topic, processes every record after the gap, and a replay of that batch records nothing more.
 */
class DataLossAuditIT {
    private static final int FIRST = 10;
    private static final int MORE = 30;
    private static final long DELETE_BEFORE = 25;

    @Test
    void recordsDeletedBeforeTheyWereReadAreAuditedOnceAndTheRestIsProcessed() throws Exception {
        ReceivablesFixture f = new ReceivablesFixture("audit");
        String agendados = ReceivablesSettings.of(f.config).agendadosTopic();
        String auditTopic = DataLossAudit.topic(f.config, ReceivablesPipeline.NAME);
        TopicPartition tp = new TopicPartition(agendados, 0);
        send(f, tp, 0, FIRST);
        f.drain();
        assertThat(f.historyItems()).hasSize(FIRST);
        assertThat(f.records(auditTopic)).isEmpty();

        // Offsets 10..39 arrive while the pipeline is stopped; Kafka deletes 10..24 before it reads them.
        send(f, tp, FIRST, MORE);
        try (Admin admin = Admin.create(new HashMap<>(f.config.kafka().clientProperties()))) {
            admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(DELETE_BEFORE))).all().get(30, TimeUnit.SECONDS);
        }
        long lostBefore = PipelineMetrics.of(ReceivablesPipeline.NAME).get(PipelineMetrics.DATA_LOST_RECORDS);
        f.drain();

        List<JsonNode> audit = f.records(auditTopic);
        assertThat(audit).hasSize(1);
        JsonNode loss = audit.get(0);
        assertThat(loss.get("pipeline").asText()).isEqualTo("receivables");
        assertThat(loss.get("topic").asText()).isEqualTo(agendados);
        assertThat(loss.get("partition").asInt()).isZero();
        assertThat(loss.get("from").asLong()).isEqualTo(FIRST);
        assertThat(loss.get("to").asLong()).isEqualTo(DELETE_BEFORE);
        assertThat(loss.get("count").asLong()).isEqualTo(DELETE_BEFORE - FIRST);
        assertThat(loss.get("query_id").asText()).isNotEmpty();
        assertThat(loss.hasNonNull("detected_at")).isTrue();
        assertThat(PipelineMetrics.of(ReceivablesPipeline.NAME).get(PipelineMetrics.DATA_LOST_RECORDS) - lostBefore)
                .isEqualTo(DELETE_BEFORE - FIRST);
        // Every record after the gap is processed: offsets 0..9 and 25..39, none of 10..24.
        List<Long> offsets = f.historyItems().values().stream().map(i -> Long.parseLong(i.get("offset"))).sorted().toList();
        assertThat(offsets).hasSize(FIRST + MORE - (int) (DELETE_BEFORE - FIRST));
        assertThat(offsets).allMatch(o -> o < FIRST || o >= DELETE_BEFORE);
        assertThat(offsets.get(offsets.size() - 1)).isEqualTo(FIRST + MORE - 1);

        // The batch that found the loss replays: it finds the same gap and records nothing more.
        long lossBatch = loss.get("batch_id").asLong();
        Path lastCommit = lastCommitFile(f.checkpoint());
        assertThat(lastCommit.getFileName().toString()).as("the loss was found by the last batch").isEqualTo(String.valueOf(lossBatch));
        Files.delete(lastCommit);
        Files.deleteIfExists(lastCommit.resolveSibling("." + lastCommit.getFileName() + ".crc"));
        f.drain();
        assertThat(lastCommit).as("the replayed batch commits again").exists();
        assertThat(f.records(auditTopic)).hasSize(1);
        assertThat(f.historyItems()).hasSize(offsets.size());

        // fluxo audit lists it.
        Process audit1 = f.startChild(Map.of(), "audit", "receivables");
        assertThat(audit1.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(audit1.exitValue()).isZero();
        String printed = Files.readString(TestStack.config().home().resolve("logs").resolve(f.name + ".log"));
        assertThat(printed).containsPattern(agendados + " +0 +10 +25 +15 +" + lossBatch + " ")
                .contains("1 loss, 15 records lost in receivables");
    }

    private static void send(ReceivablesFixture f, TopicPartition tp, int first, int count) throws Exception {
        Map<String, Object> props = new HashMap<>(f.config.kafka().clientProperties());
        props.put("acks", "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            for (int i = first; i < first + count; i++) {
                String id = "r-" + i;
                producer.send(new ProducerRecord<>(tp.topic(), tp.partition(), id, "{\"id_recebivel\":\"" + id
                        + "\",\"id_pagamento\":\"p-" + i + "\",\"codigo_produto\":1,\"codigo_produto_parceiro\":2,"
                        + "\"modalidade\":3,\"valor_original\":100,\"data_vencimento\":\"2026-12-01\",\"tipo_evento\":\"AGENDADO\","
                        + "\"timestamp\":\"2026-11-21T10:00:00Z\"}")).get();
            }
        }
    }

    private static Path lastCommitFile(Path checkpoint) throws IOException {
        try (Stream<Path> commits = Files.list(checkpoint.resolve("commits"))) {
            return commits.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .max(Comparator.comparingLong(p -> Long.parseLong(p.getFileName().toString())))
                    .orElseThrow();
        }
    }
}
