package io.fluxo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxo.kafka.DataLoss;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditCommandTest {
    private static final Instant NOW = Instant.parse("2025-05-01T12:00:00Z");

    private static DataLoss loss(String topic, int partition, long from, long to, String at, long batch) {
        return new DataLoss("receivables", topic, partition, from, to, Instant.parse(at), "q-1", batch);
    }

    @Test
    void lossesAreAnAlignedTableWithATotal() {
        List<DataLoss> losses = List.of(loss("recebiveis-agendados", 0, 0, 1200, "2025-05-01T10:00:00.123Z", 3),
                loss("recebiveis-cancelados", 11, 95, 100, "2025-05-01T11:30:00Z", 12));
        assertThat(AuditCommand.report("receivables", losses, null, NOW)).isEqualTo(
                "detected_at           topic                  partition  from    to  records  batch  query_id\n"
                + "2025-05-01T10:00:00Z  recebiveis-agendados           0     0  1200     1200      3  q-1\n"
                + "2025-05-01T11:30:00Z  recebiveis-cancelados         11    95   100        5     12  q-1\n"
                + "2 losses, 1205 records lost in receivables\n");
    }

    @Test
    void sinceKeepsTheRecentOnesAndNoneIsOneLine() {
        List<DataLoss> losses = List.of(loss("t", 0, 0, 10, "2025-05-01T10:00:00Z", 3), loss("t", 0, 10, 11, "2025-05-01T11:30:00Z", 4));
        assertThat(AuditCommand.report("receivables", losses, Duration.ofHours(1), NOW)).endsWith("1 loss, 1 records lost in receivables\n")
                .doesNotContain("10:00:00");
        assertThat(AuditCommand.report("receivables", losses, Duration.ofMinutes(10), NOW))
                .isEqualTo("no data loss recorded for receivables in the last 10m\n");
        assertThat(AuditCommand.report("transactions", List.of(), null, NOW)).isEqualTo("no data loss recorded for transactions\n");
    }
}
