package io.fluxo.pipeline.medallion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fluxo.banking.RejectReason;
import io.fluxo.banking.SentFile;
import io.fluxo.banking.SentRecords;
import io.fluxo.banking.TransactionSent;
import io.fluxo.config.UserException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the medallion must hold, from what was sent; the figures below are worked out by hand. */
class MedallionExpectationTest {
    /** 2026-01-05T07:00:00Z */
    static final long MINUTE = 1_767_596_400_000L;

    @Test
    void goldSumsEachMinuteRegionAndModalityWithTheMeanHalfToEven() {
        List<TransactionSent> sent = List.of(
                tx("a", "SP", "PIX", MINUTE, "0.01"),
                tx("b", "SP", "PIX", MINUTE + 59_999, "0.02"),
                tx("c", "SP", "PIX", MINUTE + 60_000, "10.00"),
                tx("d", "RJ", "PIX", MINUTE + 1, "7.50"),
                tx("e", "SP", "TED", MINUTE + 2, "100.25"),
                tx("f", "SP", "TED", MINUTE + 3, "0.10"),
                tx("g", "SP", "TED", MINUTE + 4, "0.10"));
        SentRecords counts = new SentRecords(10, 7, 1, Map.of(RejectReason.NOT_JSON, 2L));

        MedallionExpectation e = MedallionExpectation.of(new SentFile.Contents(sent, counts));

        // SP PIX at MINUTE: 0.01 + 0.02 = 0.03 over 2 = 0.015, a tie, to the even cent 0.02.
        // SP TED at MINUTE: 100.45 over 3 = 33.4833… → 33.48.
        assertThat(e.gold()).containsExactlyInAnyOrderEntriesOf(Map.of(
                MINUTE + " SP PIX", "2 0.03 0.02 0.02 0.01",
                (MINUTE + 60_000) + " SP PIX", "1 10.00 10.00 10.00 10.00",
                MINUTE + " RJ PIX", "1 7.50 7.50 7.50 7.50",
                MINUTE + " SP TED", "3 100.45 33.48 100.25 0.10"));
        // Without b (in gold/late): SP PIX at MINUTE is a alone.
        assertThat(e.goldWithout(java.util.Set.of("b"))).containsEntry(MINUTE + " SP PIX", "1 0.01 0.01 0.01 0.01")
                .hasSize(4);
        assertThat(e.goldWithout(java.util.Set.of("c"))).doesNotContainKey((MINUTE + 60_000) + " SP PIX").hasSize(3);
        assertThat(e.silver()).hasSize(7).containsEntry("b", "SP PIX " + (MINUTE + 59_999) + " 0.02");
        assertThat(e.bronzeRecords()).isEqualTo(10);
        assertThat(e.duplicates()).isEqualTo(1);
        assertThat(e.quarantine()).isEqualTo(Map.of(RejectReason.NOT_JSON, 2L));
        assertThat(e.quarantined()).isEqualTo(2);
    }

    @Test
    void aMinuteBeforeTheEpochIsTheOneThatHoldsIt() {
        MedallionExpectation e = MedallionExpectation.of(new SentFile.Contents(List.of(tx("a", "SP", "DOC", -1, "1.00")),
                SentRecords.clean(1)));
        assertThat(e.gold()).containsOnlyKeys("-60000 SP DOC");
    }

    @Test
    void aTransactionSentTwiceAsADistinctOneIsABadFile() {
        assertThatThrownBy(() -> MedallionExpectation.of(new SentFile.Contents(List.of(tx("a", "SP", "PIX", 1, "1.00"),
                tx("a", "SP", "PIX", 2, "1.00")), SentRecords.clean(2))))
                .isInstanceOf(UserException.class).hasMessageContaining("transaction a twice");
    }

    @Test
    void tablesAreNamedShortOrByTheirPathAndAnUnknownOneListsTheKnown() {
        assertThat(LakeCommands.table("Gold")).isEqualTo("gold");
        assertThat(LakeCommands.table("silver/quarantine")).isEqualTo("quarantine");
        assertThatThrownBy(() -> LakeCommands.table("platinum")).isInstanceOf(UserException.class)
                .hasMessage("Invalid table: platinum (use one of bronze, silver, quarantine, gold, late, watermarks, refused)");
        assertThat(LakeCommands.cell("a\nb".getBytes(java.nio.charset.StandardCharsets.UTF_8))).isEqualTo("a b");
        assertThat(LakeCommands.cell(new BigDecimal("1E+2"))).isEqualTo("100");
        assertThat(LakeCommands.cell("x".repeat(80))).hasSize(LakeCommands.CELL_CHARS).endsWith("…");
        assertThat(LakeCommands.cell(null)).isEqualTo("null");
    }

    private static TransactionSent tx(String id, String region, String modality, long time, String amount) {
        return new TransactionSent(id, region, modality, time, new BigDecimal(amount));
    }
}
