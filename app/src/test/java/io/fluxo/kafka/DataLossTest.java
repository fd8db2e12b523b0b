package io.fluxo.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class DataLossTest {
    private final DataLoss loss = new DataLoss("receivables", "recebiveis-agendados", 1, 100, 150,
            Instant.parse("2025-05-01T10:15:30Z"), "q-1", 7);

    @Test
    void theWarningSaysWhatWasLost() {
        assertThat(loss.warning()).isEqualTo("Data loss in receivables: recebiveis-agendados-1 offsets [100, 150) were"
                + " deleted by Kafka before they were read (50 records)");
        assertThat(loss.key()).isEqualTo("recebiveis-agendados/1/100");
    }

    @Test
    void theAuditRecordHasEveryFieldAndReadsBack() {
        assertThat(loss.toJson()).isEqualTo("{\"pipeline\":\"receivables\",\"topic\":\"recebiveis-agendados\",\"partition\":1,"
                + "\"from\":100,\"to\":150,\"count\":50,\"detected_at\":\"2025-05-01T10:15:30Z\",\"query_id\":\"q-1\",\"batch_id\":7}");
        assertThat(DataLoss.fromJson(loss.toJson())).isEqualTo(loss);
    }

    @Test
    void anEmptyOrBackwardRangeIsRefused() {
        assertThatThrownBy(() -> new DataLoss("p", "t", 0, 5, 5, Instant.EPOCH, "", 0))
                .hasMessage("Invalid lost range: [5, 5)");
        assertThatThrownBy(() -> DataLoss.fromJson("{\"pipeline\":\"p\"}"))
                .hasMessage("Invalid audit record: missing topic in {\"pipeline\":\"p\"}");
    }
}
